// `pnpm images tags`: docker/metadata-action as a command. Same inputs (as flags), same outputs:
// printed here, and in GitHub Actions set as step outputs (and DOCKER_METADATA_OUTPUT_* env) through
// @actions/core, with the bake files written where the action writes them.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { flag, listOption, stringOption } from "../cli/command.ts";
import type { CommandContext, CommandSpec, OptionValues } from "../cli/command.ts";
import { parseFlavor } from "./flavor.ts";
import { enabledImageNames, parseImages } from "./images.ts";
import { inputList } from "./input-list.ts";
import { bakeFileNames, bakeFiles, bakeOutputNames, defaultOutputSettings } from "./outputs.ts";
import { outputEnvName, textOutputs } from "./outputs.ts";
import type { BakeKind, OutputSettings } from "./outputs.ts";
import { planTagsWithNotes } from "./plan.ts";
import { parseTagRules } from "./rules.ts";
import { annotationLevels, readTagInputs, setOutputEnv } from "./tag-inputs.ts";
import type { TagPlan } from "./types.ts";

const list = (value: string, description: string) => ({ type: "string" as const, multiple: true, value, description });
const text = (value: string, description: string) => ({ type: "string" as const, value, description });

export const tagsCommand: CommandSpec = {
  name: "tags",
  usage:
    "pnpm images tags [--json | --outputs] [--images LIST] [--tags LIST] [--flavor LIST] [--labels LIST] " +
    "[--annotations LIST]",
  options: {
    json: { type: "boolean", description: "Print {version, tags, labels, annotations} as JSON" },
    outputs: {
      type: "boolean",
      description: "Print every metadata-action output (version, tags, …, bake-file paths) as JSON",
    },
    images: list("LIST", "images input: one image per line or flag, NAME or name=NAME,enable=BOOL (none: bare tags)"),
    image: list("NAME", "Same as --images (older spelling)"),
    tags: list("LIST", "tags input: rules such as type=semver,pattern={{version}} (none: metadata-action's defaults)"),
    flavor: list("LIST", "flavor input: latest=auto|true|false, prefix=…[,onlatest=true], suffix=…"),
    labels: list("LIST", "labels input: KEY=VALUE, overriding the OCI label of the same key"),
    label: list("K=V", "Same as --labels (older spelling)"),
    annotations: list("LIST", "annotations input: KEY=VALUE, overriding the OCI annotation of the same key"),
    "sep-tags": text("SEP", "Separator of the tags output (default newline)"),
    "sep-labels": text("SEP", "Separator of the labels output (default newline)"),
    "sep-annotations": text("SEP", "Separator of the annotations output (default newline)"),
    "bake-target": text("NAME", "Target name in the bake files (default docker-metadata-action)"),
    "bake-dir": text("DIR", "Where the bake files go (default: a new folder under RUNNER_TEMP or the system temp)"),
  },
  notes: [
    "Every LIST flag repeats and takes newline-separated entries, as the action's inputs do",
    "(`#` starts a comment line).",
    "Inside GitHub Actions (GITHUB_ACTIONS=true) the trigger comes from GITHUB_* and the event payload, and the",
    "outputs are set as step outputs; elsewhere the trigger is local git. SOURCE_DATE_EPOCH fixes the time.",
    "Environment: DOCKER_METADATA_PR_HEAD_SHA, DOCKER_METADATA_SHORT_SHA_LENGTH, DOCKER_METADATA_ANNOTATIONS_LEVELS,",
    "DOCKER_METADATA_SET_OUTPUT_ENV, as for the action.",
  ],
  run: async (ctx, values) => {
    const { plan, settings } = await planFromFlags(ctx, values);
    const inActions = ctx.env.GITHUB_ACTIONS === "true" && Boolean(ctx.env.GITHUB_OUTPUT);
    const wantFiles = inActions || flag(values, "outputs") || stringOption(values, "bake-dir") !== undefined;
    const files = wantFiles ? writeBakeFiles(plan, settings, bakeDir(ctx, values)) : undefined;
    const outputs = { ...textOutputs(plan, settings), ...(files ?? {}) };
    if (inActions) setActionOutputs(outputs, setOutputEnv(ctx.env) && Boolean(ctx.env.GITHUB_ENV));
    if (flag(values, "outputs")) ctx.out(JSON.stringify(outputs, null, 2));
    else ctx.out(flag(values, "json") ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    return 0;
  },
};

interface PlannedOutputs {
  plan: TagPlan;
  settings: OutputSettings;
}

async function planFromFlags(ctx: CommandContext, values: OptionValues): Promise<PlannedOutputs> {
  const images = parseImages([...listOption(values, "images"), ...listOption(values, "image")]);
  const rules = parseTagRules(listOption(values, "tags"));
  const flavor = parseFlavor(listOption(values, "flavor"));
  const labels = inputList([...listOption(values, "labels"), ...listOption(values, "label")], "label");
  const annotations = inputList(listOption(values, "annotations"), "annotation");
  const { context, now, shortShaLength } = await readTagInputs(ctx);
  const imageNames = enabledImageNames(images);
  const input = { images: imageNames, rules, flavor, context, now, labels, annotations, shortShaLength };
  const { plan, notes } = planTagsWithNotes(input);
  for (const note of [...context.notes, ...notes]) ctx.err(`note: ${note}`);
  return { plan, settings: outputSettings(values, ctx.env, imageNames) };
}

/** Separators are taken as given (not trimmed), an empty one meaning the default, as the action reads them. */
function outputSettings(values: OptionValues, env: NodeJS.ProcessEnv, imageNames: string[]): OutputSettings {
  const pick = (name: string, fallback: string): string => stringOption(values, name) || fallback;
  return {
    sepTags: pick("sep-tags", defaultOutputSettings.sepTags),
    sepLabels: pick("sep-labels", defaultOutputSettings.sepLabels),
    sepAnnotations: pick("sep-annotations", defaultOutputSettings.sepAnnotations),
    bakeTarget: pick("bake-target", defaultOutputSettings.bakeTarget).trim(),
    annotationLevels: annotationLevels(env),
    imageNames,
  };
}

function bakeDir(ctx: CommandContext, values: OptionValues): string {
  const given = stringOption(values, "bake-dir");
  if (given !== undefined) {
    mkdirSync(given, { recursive: true });
    return given;
  }
  return mkdtempSync(join(ctx.env.RUNNER_TEMP || tmpdir(), "images-tags-"));
}

/** Writes the four bake files; returns output name → path. */
function writeBakeFiles(plan: TagPlan, settings: OutputSettings, dir: string): Record<string, string> {
  const files = bakeFiles(plan, settings);
  const paths: Record<string, string> = {};
  for (const kind of Object.keys(files) as BakeKind[]) {
    const path = join(dir, bakeFileNames[kind]);
    writeFileSync(path, `${JSON.stringify(files[kind], null, 2)}\n`);
    paths[bakeOutputNames[kind]] = path;
  }
  return paths;
}

function setActionOutputs(outputs: Record<string, string>, alsoEnv: boolean): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value);
    if (alsoEnv) core.exportVariable(outputEnvName(name), value);
  }
}

export function formatPlan(plan: TagPlan): string {
  const { main, partial, latest } = plan.version;
  const width = Math.max(0, ...Object.keys(plan.labels).map((key) => key.length));
  return [
    `version  ${main ?? "(none: no rule matched this trigger)"}` +
      `${partial.length > 0 ? `  also ${partial.join(", ")}` : ""}${latest ? "  +latest" : ""}`,
    "tags",
    ...(plan.tags.length > 0 ? plan.tags.map((tag) => `  ${tag}`) : ["  (none)"]),
    "labels",
    ...Object.entries(plan.labels).map(([key, value]) => `  ${key.padEnd(width)}  ${value}`),
  ].join("\n");
}
