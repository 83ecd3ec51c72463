// The plan stage: one Dockerfile's text and a config in, findings out. Pure and synchronous;
// ShellCheck and hadolint findings are merged later through `finalize`.
import { parseDockerfile, type DockerfileModel } from "./dockerfile/model.ts";
import { collectPragmas, isIgnored, type Pragmas } from "./pragmas.ts";
import { createContext, type RunEntry } from "./rules/context.ts";
import { allRules } from "./rules/index.ts";
import type { Finding, Level, LintConfig } from "./types.ts";

/** A finding plus the line pragmas are matched against (the instruction's first line). */
export interface RawFinding extends Finding {
  anchor: number;
}

export interface FileLint {
  model: DockerfileModel;
  pragmas: Pragmas;
  findings: Finding[];
  /** RUN scripts ShellCheck may look at (empty when the file did not parse). */
  runs: RunEntry[];
}

/** `bakeLabels`: the labels the bake targets building this file set (IMG008 counts them as present). */
export function lintSource(
  file: string,
  source: string,
  config: LintConfig,
  bakeLabels: readonly string[] = [],
): FileLint {
  const model = parseDockerfile(file, source);
  const pragmas = collectPragmas(model);
  if (model.issues.length > 0 || model.instructions.length === 0) {
    const issues =
      model.issues.length > 0 ? model.issues : [{ line: 1, column: 1, message: "empty Dockerfile: no instructions" }];
    const raw = issues.map((issue) => ({
      file,
      ...issue,
      code: "DL1000",
      level: "error" as const,
      anchor: issue.line,
    }));
    return { model, pragmas, findings: finalize(raw, pragmas, config), runs: [] };
  }
  const ctx = createContext(model, config, bakeLabels);
  const raw: RawFinding[] = [];
  for (const rule of allRules) {
    if (effectiveLevel(rule.meta.code, rule.meta.level, config) === "ignore") continue;
    for (const hit of rule.check(ctx)) {
      raw.push({
        file,
        line: hit.line,
        column: hit.column ?? 1,
        code: rule.meta.code,
        level: "error",
        message: hit.message ?? rule.meta.message,
        anchor: hit.line,
      });
    }
  }
  return { model, pragmas, findings: finalize(raw, pragmas, config, defaultLevels), runs: ctx.runs };
}

const defaultLevels = new Map(allRules.map((rule) => [rule.meta.code, rule.meta.level]));

const overrideTables = new WeakMap<LintConfig, Map<string, Level>>();

/** code → level from `ignored` and `override`, built once per config object. */
function overrides(config: LintConfig): Map<string, Level> {
  let table = overrideTables.get(config);
  if (!table) {
    table = new Map<string, Level>();
    for (const level of ["style", "info", "warning", "error"] as const)
      for (const code of config.override[level] ?? []) table.set(code, level);
    for (const code of config.ignored) table.set(code, "ignore");
    overrideTables.set(config, table);
  }
  return table;
}

export function effectiveLevel(code: string, fallback: Level, config: LintConfig): Level {
  return overrides(config).get(code) ?? fallback;
}

/** Applies levels, overrides, ignores and pragmas; sorts by line. */
export function finalize(
  raw: RawFinding[],
  pragmas: Pragmas,
  config: LintConfig,
  defaults: Map<string, Level> = new Map(),
): Finding[] {
  const kept: Finding[] = [];
  for (const finding of raw) {
    const level = effectiveLevel(finding.code, defaults.get(finding.code) ?? finding.level, config);
    if (level === "ignore") continue;
    if (!config.disableIgnorePragma && isIgnored(pragmas, finding.code, finding.anchor)) continue;
    kept.push({
      file: finding.file,
      line: finding.line,
      column: finding.column,
      code: finding.code,
      level: level,
      message: finding.message,
    });
  }
  return kept.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}
