// hadolint's label rules: key syntax (DL3048) and the label-schema checks (DL3049–DL3058).
import type { Instruction } from "../dockerfile/model.ts";
import type { LabelFormat, RuleMeta } from "../types.ts";
import { formatChecks } from "./label-formats.ts";
import { fileRule, instructionRule, ruleInfo } from "./define.ts";
import type { Hit, Rule, RuleContext, Stage } from "./context.ts";

const formatRules: { code: string; format: Exclude<LabelFormat, "text">; message: string; name: string }[] = [
  { code: "DL3052", format: "url", name: "URL", message: "is not a valid URL." },
  {
    code: "DL3053",
    format: "rfc3339",
    name: "RFC 3339 time",
    message: "is not a valid time format - must conform to RFC3339.",
  },
  { code: "DL3054", format: "spdx", name: "SPDX license identifier", message: "is not a valid SPDX identifier." },
  { code: "DL3055", format: "hash", name: "git hash", message: "is not a valid git hash." },
  { code: "DL3056", format: "semver", name: "semantic version", message: "does not conform to semantic versioning." },
  {
    code: "DL3058",
    format: "email",
    name: "email address",
    message: "is not a valid email format - must conform to RFC5322.",
  },
];

function invalidKey(key: string): boolean {
  return (
    !/^[a-z]/.test(key) ||
    !/[a-z0-9]$/.test(key) ||
    /[^a-z0-9.-]/.test(key) ||
    /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/.test(key) ||
    key.includes("..") ||
    key.includes("--")
  );
}

function labelsOf(ctx: RuleContext): { instruction: Instruction; name: string; value: string }[] {
  return ctx.model.instructions
    .filter((item) => item.keyword === "LABEL")
    .flatMap((instruction) => instruction.properties.map((p) => ({ instruction, ...p })));
}

/** Labels a stage carries, including those of the stage it is built FROM. */
export function stageLabels(ctx: RuleContext, stage: Stage, depth = 0): Set<string> {
  const own = stage.instructions
    .filter((item) => item.keyword === "LABEL")
    .flatMap((item) => item.properties.map((p) => p.name));
  const parent = ctx.stages.find((other) => other.alias === stage.image && other.index < stage.index);
  return new Set([...own, ...(parent && depth < 20 ? stageLabels(ctx, parent, depth + 1) : [])]);
}

function missingLabels(ctx: RuleContext): Hit[] {
  const final = ctx.stages.at(-1);
  if (!final) return [];
  const present = stageLabels(ctx, final);
  return Object.keys(ctx.config.labelSchema)
    .filter((name) => !present.has(name))
    .map((name) => ({ line: final.from.line, message: `Label \`${name}\` is missing.` }));
}

function superfluousLabels(ctx: RuleContext): Hit[] {
  if (!ctx.config.strictLabels) return [];
  return labelsOf(ctx)
    .filter((label) => !(label.name in ctx.config.labelSchema))
    .map((label) => ({ line: label.instruction.line }));
}

function schemaRule(
  ctx: RuleContext,
  check: (value: string, format: LabelFormat) => boolean,
  message: (name: string) => string,
): Hit[] {
  return labelsOf(ctx).flatMap((label) => {
    const format = ctx.config.labelSchema[label.name];
    return format !== undefined && check(label.value, format)
      ? [{ line: label.instruction.line, message: message(label.name) }]
      : [];
  });
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3048: {
    level: "style",
    message: "Invalid label key.",
    catches: "LABEL keys outside Docker's key syntax (lowercase, digits, `.` and `-`; no reserved namespaces).",
    why: "Tools that read labels expect the documented key format.",
    fix: "Use reverse-DNS keys like `org.opencontainers.image.title`.",
  },
  DL3049: {
    level: "info",
    message: "Label `<label>` is missing.",
    catches: "A label from label-schema missing in the final stage.",
    why: "Required metadata (source, version…) is how images are traced back to code.",
    fix: "Add the LABEL.",
  },
  DL3050: {
    level: "info",
    message: "Superfluous label(s) present.",
    catches: "With strict-labels, a label not in label-schema.",
    why: "Keeps metadata to the agreed set.",
    fix: "Remove the label or add it to label-schema.",
  },
  DL3051: {
    level: "warning",
    message: "Label `<label>` is empty.",
    catches: "A label-schema label with an empty value.",
    why: "An empty label is as good as a missing one.",
    fix: "Give it a value.",
  },
});

export const labelRules: Rule[] = [
  instructionRule(about.DL3048, ["LABEL"], (instruction) => instruction.properties.some((p) => invalidKey(p.name))),
  fileRule(about.DL3049, missingLabels),
  fileRule(about.DL3050, superfluousLabels),
  fileRule(about.DL3051, (ctx) =>
    schemaRule(
      ctx,
      (value) => value.trim() === "",
      (name) => `Label \`${name}\` is empty.`,
    ),
  ),
  ...formatRules.map(formatRule),
];

/** One rule per label format: its description is the same sentence with the format's name. */
function formatRule({ code, format, name, message }: (typeof formatRules)[number]): Rule {
  const meta: RuleMeta = {
    code,
    family: "hadolint",
    level: "warning",
    message: `Label \`<label>\` ${message}`,
    catches: `A label-schema label of type ${format} whose value is not a valid ${name}.`,
    why: "Tools parse these labels; a malformed value breaks them.",
    fix: `Write a valid ${name}, or declare the label as \`text\` when a build argument fills it.`,
  };
  const invalid = (value: string, wanted: LabelFormat): boolean =>
    wanted === format && value.trim() !== "" && !formatChecks[format](value);
  return fileRule(meta, (ctx) => schemaRule(ctx, invalid, (label) => `Label \`${label}\` ${message}`));
}
