// .hadolint.yaml: where hadolint looks for it, what it may say (the one validator: every problem with its line),
// and how HADOLINT_* variables and CLI flags override it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors/errors.ts";
import type { YamlInput } from "../config/read-yaml.ts";
import type { Shape, ShapeValue } from "../config/shape.ts";
import { defaultLintConfig, type LabelFormat, type LintConfig, type ReportedLevel, type Threshold } from "./types.ts";

const thresholds = ["error", "warning", "info", "style", "ignore", "none"] as const satisfies readonly Threshold[];
const labelFormats = [
  "text",
  "url",
  "semver",
  "hash",
  "rfc3339",
  "spdx",
  "email",
] as const satisfies readonly LabelFormat[];
const levels: ReportedLevel[] = ["error", "warning", "info", "style"];

/** hadolint's search order, with the workspace standing in for $PWD. */
export function configCandidates(workspace: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? "";
  const both = (base: string): string[] => [`${base}.yaml`, `${base}.yml`];
  return [
    ...both(join(workspace, ".hadolint")),
    ...(env.XDG_CONFIG_HOME ? both(join(env.XDG_CONFIG_HOME, "hadolint")) : []),
    ...(home
      ? [
          ...both(join(home, ".config", "hadolint")),
          ...both(join(home, ".hadolint", "hadolint")),
          ...both(join(home, "hadolint", "config")),
          ...both(join(home, ".hadolint")),
        ]
      : []),
  ];
}

export function findConfigFile(workspace: string, env: NodeJS.ProcessEnv): string | undefined {
  return configCandidates(workspace, env).find((path) => existsSync(path));
}

/** .hadolint.yaml as data for the one validator (config/shape.ts): hadolint's keys plus `images-policy`. */
const codes = { kind: "list", of: { kind: "string", nonEmpty: true } } as const satisfies Shape;
const bool = { kind: "bool" } as const satisfies Shape;
export const lintConfigShape = {
  kind: "object",
  fields: {
    ignored: codes,
    override: { kind: "object", fields: { error: codes, warning: codes, info: codes, style: codes } },
    trustedRegistries: { ...codes, orOne: true },
    "label-schema": { kind: "map", of: { kind: "enum", values: labelFormats } },
    "strict-labels": bool,
    "no-fail": bool,
    "disable-ignore-pragma": bool,
    shellcheck: bool,
    "failure-threshold": { kind: "enum", values: thresholds },
    // Output settings of hadolint's own CLI: accepted, and the flags of `pnpm images lint` decide.
    format: { kind: "any" },
    "no-color": { kind: "any" },
    // Our extension block: hadolint ignores keys it does not know.
    "images-policy": { kind: "object", fields: { "required-labels": codes, "inherit-from": codes } },
  },
} as const satisfies Shape;

type LintConfigFile = ShapeValue<typeof lintConfigShape>;

const lintConfigInput: YamlInput = {
  what: "invalid lint config",
  noun: "lint config",
  hint: "See docs/lint-rules.md and hadolint's README for the schema.",
  scalarsAsStrings: false,
};

export async function loadConfigFile(path: string): Promise<Partial<LintConfig>> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read lint config: ${(error as Error).message}`, { file: path });
  }
  return parseConfigText(text, path);
}

/** Pure but for a lazy import: YAML text → config fields, or one ConfigError listing every problem. */
export async function parseConfigText(text: string, file: string): Promise<Partial<LintConfig>> {
  // Loaded here, so a workspace without a lint config never loads the YAML parser.
  const { readYaml } = await import("../config/read-yaml.ts");
  return parseConfig(readYaml(text, file, lintConfigShape, lintConfigInput) as LintConfigFile);
}

/** Pure: the checked file → config fields (codes trimmed, as hadolint reads them). */
export function parseConfig(raw: LintConfigFile): Partial<LintConfig> {
  const trim = (list: string[] | undefined): string[] | undefined => list?.map((item) => item.trim());
  const policy = raw["images-policy"];
  const fields: Partial<LintConfig> = {
    ignored: trim(raw.ignored),
    override:
      raw.override && Object.fromEntries(Object.entries(raw.override).map(([level, list]) => [level, trim(list)])),
    trustedRegistries: trim(raw.trustedRegistries),
    labelSchema: raw["label-schema"],
    strictLabels: raw["strict-labels"],
    noFail: raw["no-fail"],
    disableIgnorePragma: raw["disable-ignore-pragma"],
    shellcheck: raw.shellcheck,
    failureThreshold: raw["failure-threshold"],
    ...(policy
      ? { requiredLabels: trim(policy["required-labels"]) ?? [], inheritFrom: trim(policy["inherit-from"]) ?? [] }
      : {}),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** HADOLINT_* environment variables, as documented by hadolint. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<LintConfig> {
  const list = (name: string): string[] | undefined =>
    env[name]
      ?.split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  const truthy = (name: string): boolean | undefined =>
    env[name] === undefined ? undefined : /^(1|true|yes|on)$/i.test(env[name] ?? "");
  const config: Partial<LintConfig> = {};
  const override: LintConfig["override"] = {};
  for (const level of levels) {
    const codes = list(`HADOLINT_OVERRIDE_${level.toUpperCase()}`);
    if (codes) override[level] = codes;
  }
  if (Object.keys(override).length > 0) config.override = override;
  const ignored = list("HADOLINT_IGNORE");
  if (ignored) config.ignored = ignored;
  const trusted = list("HADOLINT_TRUSTED_REGISTRIES");
  if (trusted) config.trustedRegistries = trusted;
  const threshold = env.HADOLINT_FAILURE_THRESHOLD;
  if (threshold && thresholds.includes(threshold as Threshold)) config.failureThreshold = threshold as Threshold;
  for (const [name, field] of [
    ["HADOLINT_NOFAIL", "noFail"],
    ["HADOLINT_STRICT_LABELS", "strictLabels"],
    ["HADOLINT_DISABLE_IGNORE_PRAGMA", "disableIgnorePragma"],
  ] as const) {
    const value = truthy(name);
    if (value !== undefined) config[field] = value;
  }
  return config;
}

/** Later layers win; override lists merge per level. */
export function mergeConfig(...layers: Partial<LintConfig>[]): LintConfig {
  let merged: LintConfig = { ...defaultLintConfig };
  for (const layer of layers) {
    // A code a later layer moves to some level leaves the level an earlier layer gave it.
    const moved = new Set(levels.flatMap((level) => layer.override?.[level] ?? []));
    const override: LintConfig["override"] = {};
    for (const level of levels) {
      const kept = (merged.override[level] ?? []).filter((code) => !moved.has(code));
      const list = [...kept, ...(layer.override?.[level] ?? [])];
      if (list.length > 0) override[level] = list;
    }
    merged = { ...merged, ...layer, override };
  }
  return merged;
}

export function parseLabelOption(value: string): [string, LabelFormat] {
  const at = value.lastIndexOf(":");
  const format = value.slice(at + 1) as LabelFormat;
  if (at <= 0 || !labelFormats.includes(format))
    throw new ConfigError(
      `--require-label "${value}" must be NAME:FORMAT with FORMAT one of ${labelFormats.join(", ")}`,
    );
  return [value.slice(0, at), format];
}
