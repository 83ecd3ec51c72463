// `pnpm images lint [paths...]`: hadolint-compatible rules, ShellCheck and the production policy,
// reported as tty, json, sarif, github, checkstyle or junit; the exit code follows the threshold.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { flag, listOption, stringOption, type CommandSpec, type OptionValues } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError } from "../errors/errors.ts";
import { parseLabelOption } from "./config.ts";
import { readBakeLabels } from "./bake-labels.ts";
import { resolveTargets } from "./discover.ts";
import { engines } from "./hadolint-engine.ts";
import { failed, lintFiles } from "./lint-files.ts";
import { formats, report } from "./reporters/index.ts";
import { resolveLintConfig } from "./resolve-config.ts";
import type { LintConfig, ReportedLevel, Threshold } from "./types.ts";

const thresholds: Threshold[] = ["error", "warning", "info", "style", "ignore", "none"];

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${value}"`);
}

/** CLI flags as a config layer (pure). */
export function cliConfig(values: OptionValues): Partial<LintConfig> {
  const layer: Partial<LintConfig> = {};
  const ignore = listOption(values, "ignore");
  if (ignore.length > 0) layer.ignored = ignore;
  const override: LintConfig["override"] = {};
  for (const level of ["error", "warning", "info", "style"] as const satisfies readonly ReportedLevel[]) {
    const codes = listOption(values, level);
    if (codes.length > 0) override[level] = codes;
  }
  if (Object.keys(override).length > 0) layer.override = override;
  const registries = listOption(values, "trusted-registry");
  if (registries.length > 0) layer.trustedRegistries = registries;
  const labels = listOption(values, "require-label");
  if (labels.length > 0) layer.labelSchema = Object.fromEntries(labels.map(parseLabelOption));
  const threshold = oneOf(stringOption(values, "failure-threshold"), thresholds, "failure-threshold");
  if (threshold) layer.failureThreshold = threshold;
  if (flag(values, "no-fail")) layer.noFail = true;
  if (flag(values, "strict-labels")) layer.strictLabels = true;
  if (flag(values, "disable-ignore-pragma")) layer.disableIgnorePragma = true;
  if (flag(values, "no-shellcheck")) layer.shellcheck = false;
  return layer;
}

/** images.config.yaml `mirrors:` (unless mirror mode is off), for the hadolint image fallback. */
function imageMirrors(workspace: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const images = loadConfig(workspace, env);
  return images.mirrorMode === "off" ? {} : images.mirrors;
}

export const lintCommand: CommandSpec = {
  name: "lint",
  usage: "pnpm images lint [options] [paths...]",
  positionals: { name: "paths", description: "Dockerfiles or folders (default: every Dockerfile in the workspace)" },
  options: {
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      description: `Report format: ${formats.join(", ")} (default: tty)`,
    },
    output: { type: "string", short: "o", value: "FILE", description: "Write the report to FILE instead of stdout" },
    config: {
      type: "string",
      short: "c",
      value: "FILE",
      description: "Lint config (default: .hadolint.yaml where hadolint looks)",
    },
    engine: {
      type: "string",
      value: "ENGINE",
      description: "native (default), hadolint (a hadolint on PATH, else its image through the engine) or both, merged",
    },
    "failure-threshold": {
      type: "string",
      short: "t",
      value: "LEVEL",
      description: "Fail only on findings at or above: error, warning, info, style, ignore, none",
    },
    "no-fail": { type: "boolean", description: "Always exit 0" },
    ignore: {
      type: "string",
      multiple: true,
      value: "CODE",
      description: "Ignore a rule (repeatable; replaces the config's list)",
    },
    error: { type: "string", multiple: true, value: "CODE", description: "Make a rule an error (repeatable)" },
    warning: { type: "string", multiple: true, value: "CODE", description: "Make a rule a warning (repeatable)" },
    info: { type: "string", multiple: true, value: "CODE", description: "Make a rule info (repeatable)" },
    style: { type: "string", multiple: true, value: "CODE", description: "Make a rule style (repeatable)" },
    "trusted-registry": {
      type: "string",
      multiple: true,
      value: "REGISTRY",
      description: "Allow FROM images from REGISTRY (repeatable, `*` wildcards)",
    },
    "require-label": {
      type: "string",
      multiple: true,
      value: "NAME:FORMAT",
      description: "Require a label (text, url, semver, hash, rfc3339, spdx, email)",
    },
    "strict-labels": { type: "boolean", description: "Flag labels not in the label schema" },
    "disable-ignore-pragma": { type: "boolean", description: "Ignore `# hadolint ignore=` pragmas" },
    "no-shellcheck": { type: "boolean", description: "Do not run ShellCheck on RUN scripts" },
    "no-color": { type: "boolean", description: "No colour in the tty report" },
  },
  notes: [
    "Exit codes: 0 clean (or below the threshold), 1 findings at or above the threshold, 2 usage errors.",
    "Rules: docs/lint-rules.md.",
  ],
  run: async (ctx, values, positionals) => {
    const format = oneOf(stringOption(values, "format"), formats, "format") ?? "tty";
    const engine = oneOf(stringOption(values, "engine"), engines, "engine") ?? "native";
    const { config, configFile } = await resolveLintConfig({
      workspace: ctx.workspace,
      env: ctx.env,
      configPath: stringOption(values, "config"),
      cli: cliConfig(values),
    });
    const files = resolveTargets(positionals, ctx.env.INIT_CWD ?? process.cwd(), ctx.workspace);
    if (files.length === 0)
      throw new UsageError(
        `no Dockerfiles found under ${ctx.workspace}`,
        "Pass paths, or run from an image repository.",
      );
    const mirrors = engine === "native" ? {} : imageMirrors(ctx.workspace, ctx.env);
    const bake = await readBakeLabels(ctx);
    const result = await lintFiles({
      workspace: ctx.workspace,
      files,
      config,
      configFile,
      engine: engine,
      exec: ctx.exec,
      env: ctx.env,
      mirrors,
      bakeLabels: bake.labels,
    });
    if (bake.note) result.notes.push(bake.note);
    const colour =
      format === "tty" &&
      ctx.isTTY &&
      !flag(values, "no-color") &&
      ctx.env.NO_COLOR === undefined &&
      stringOption(values, "output") === undefined;
    const text = report(format, { findings: result.findings, files: result.files, colour, notes: result.notes });
    const output = stringOption(values, "output");
    if (output) writeFileSync(resolve(ctx.env.INIT_CWD ?? process.cwd(), output), `${text}\n`);
    else if (text !== "") ctx.out(text);
    if (format !== "tty" && result.notes.length > 0) ctx.err(result.notes.join("\n"));
    return failed(result.findings, config) ? 1 : 0;
  },
};
