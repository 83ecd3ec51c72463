// .hadolint.yaml: where hadolint looks for it, what it may say (validated, every problem at once),
// and how HADOLINT_* variables and CLI flags override it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors/errors.ts";
import { defaultLintConfig, type LabelFormat, type LintConfig, type ReportedLevel, type Threshold } from "./types.ts";

const thresholds: Threshold[] = ["error", "warning", "info", "style", "ignore", "none"];
const labelFormats: LabelFormat[] = ["text", "url", "semver", "hash", "rfc3339", "spdx", "email"];
const levels: ReportedLevel[] = ["error", "warning", "info", "style"];

/** hadolint's search order, with the workspace standing in for $PWD. */
export function configCandidates(workspace: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? "";
  const both = (base: string): string[] => [`${base}.yaml`, `${base}.yml`];
  return [
    ...both(join(workspace, ".hadolint")),
    ...(env.XDG_CONFIG_HOME ? both(join(env.XDG_CONFIG_HOME, "hadolint")) : []),
    ...(home ? [...both(join(home, ".config", "hadolint")), ...both(join(home, ".hadolint", "hadolint")), ...both(join(home, "hadolint", "config")), ...both(join(home, ".hadolint"))] : []),
  ];
}

export function findConfigFile(workspace: string, env: NodeJS.ProcessEnv): string | undefined {
  return configCandidates(workspace, env).find((path) => existsSync(path));
}

export async function loadConfigFile(path: string): Promise<Partial<LintConfig>> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read lint config: ${(error as Error).message}`, { file: path });
  }
  const { parse } = await import("yaml");
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ConfigError(`invalid YAML: ${(error as Error).message.split("\n")[0] ?? ""}`, { file: path });
  }
  return parseConfig(data ?? {}, path);
}

/** Pure: YAML data → config fields; throws one ConfigError listing every problem. */
export function parseConfig(data: unknown, file = ".hadolint.yaml"): Partial<LintConfig> {
  const problems: string[] = [];
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new ConfigError("the lint config must be a YAML mapping", { file });
  const raw = data as Record<string, unknown>;
  const config: Partial<LintConfig> = {};
  const codes = (value: unknown, key: string): string[] => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.map((item) => item.trim());
    problems.push(`${key} must be a list of rule codes`);
    return [];
  };
  if ("ignored" in raw) config.ignored = codes(raw.ignored, "ignored");
  if ("override" in raw) config.override = parseOverride(raw.override, codes, problems);
  if ("trustedRegistries" in raw) config.trustedRegistries = typeof raw.trustedRegistries === "string" ? [raw.trustedRegistries] : codes(raw.trustedRegistries, "trustedRegistries");
  if ("label-schema" in raw) config.labelSchema = parseLabelSchema(raw["label-schema"], problems);
  if ("images-policy" in raw) Object.assign(config, parsePolicy(raw["images-policy"], codes, problems));
  for (const [key, field] of [["strict-labels", "strictLabels"], ["no-fail", "noFail"], ["disable-ignore-pragma", "disableIgnorePragma"], ["shellcheck", "shellcheck"]] as const) {
    if (!(key in raw)) continue;
    if (typeof raw[key] === "boolean") config[field] = raw[key];
    else problems.push(`${key} must be true or false`);
  }
  if ("failure-threshold" in raw) {
    if (thresholds.includes(raw["failure-threshold"] as Threshold)) config.failureThreshold = raw["failure-threshold"] as Threshold;
    else problems.push(`failure-threshold must be one of ${thresholds.join(", ")}`);
  }
  const known = new Set(["ignored", "override", "trustedRegistries", "label-schema", "images-policy", "strict-labels", "no-fail", "disable-ignore-pragma", "shellcheck", "failure-threshold", "format", "no-color"]);
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`unknown key "${key}"`);
  if (problems.length > 0) throw new ConfigError(`invalid lint config: ${problems.join("; ")}`, { file, hint: "See docs/lint-rules.md and hadolint's README for the schema." });
  return config;
}

/** Our extension block: hadolint ignores keys it does not know. */
function parsePolicy(value: unknown, codes: (value: unknown, key: string) => string[], problems: string[]): Partial<LintConfig> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push("images-policy must be a mapping with required-labels and inherit-from");
    return {};
  }
  const policy = value as Record<string, unknown>;
  for (const key of Object.keys(policy)) if (key !== "required-labels" && key !== "inherit-from") problems.push(`unknown key "images-policy.${key}"`);
  return { requiredLabels: codes(policy["required-labels"], "images-policy.required-labels"), inheritFrom: codes(policy["inherit-from"], "images-policy.inherit-from") };
}

function parseOverride(value: unknown, codes: (value: unknown, key: string) => string[], problems: string[]): LintConfig["override"] {
  if (typeof value !== "object" || value === null) {
    problems.push("override must map error/warning/info/style to lists of rule codes");
    return {};
  }
  const override: LintConfig["override"] = {};
  for (const [level, list] of Object.entries(value)) {
    if (levels.includes(level as ReportedLevel)) override[level as ReportedLevel] = codes(list, `override.${level}`);
    else problems.push(`override.${level} is not a level (error, warning, info, style)`);
  }
  return override;
}

function parseLabelSchema(value: unknown, problems: string[]): Record<string, LabelFormat> {
  if (typeof value !== "object" || value === null) {
    problems.push("label-schema must map label names to formats");
    return {};
  }
  const schema: Record<string, LabelFormat> = {};
  for (const [name, format] of Object.entries(value)) {
    if (labelFormats.includes(format as LabelFormat)) schema[name] = format as LabelFormat;
    else problems.push(`label-schema.${name}: "${String(format)}" is not one of ${labelFormats.join(", ")}`);
  }
  return schema;
}

/** HADOLINT_* environment variables, as documented by hadolint. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<LintConfig> {
  const list = (name: string): string[] | undefined => env[name]?.split(",").map((item) => item.trim()).filter(Boolean);
  const truthy = (name: string): boolean | undefined => (env[name] === undefined ? undefined : /^(1|true|yes|on)$/i.test(env[name] ?? ""));
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
  for (const [name, field] of [["HADOLINT_NOFAIL", "noFail"], ["HADOLINT_STRICT_LABELS", "strictLabels"], ["HADOLINT_DISABLE_IGNORE_PRAGMA", "disableIgnorePragma"]] as const) {
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
  if (at <= 0 || !labelFormats.includes(format)) throw new ConfigError(`--require-label "${value}" must be NAME:FORMAT with FORMAT one of ${labelFormats.join(", ")}`);
  return [value.slice(0, at), format];
}
