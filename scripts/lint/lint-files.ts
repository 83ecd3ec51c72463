// The apply stage of lint: read each file once, run the native rules, then ShellCheck and/or
// hadolint as configured, and merge everything into one sorted list of findings.
import { readFileSync } from "node:fs";
import type { Exec } from "../process/exec.ts";
import { parseDockerfile } from "./dockerfile/model.ts";
import { displayPath } from "./discover.ts";
import { collectPragmas } from "./pragmas.ts";
import { finalize, lintSource, type FileLint, type RawFinding } from "./engine.ts";
import { mergeFindings, runHadolint, type Engine } from "./hadolint-engine.ts";
import { runShellcheck, scriptsOf, shellcheckOnPath } from "./shellcheck.ts";
import { levelRank, type Finding, type LintConfig } from "./types.ts";

export interface LintFilesOptions {
  workspace: string;
  files: string[];
  config: LintConfig;
  configFile: string | undefined;
  engine: Engine;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  /** upstream → mirror, so the hadolint image can come from a mirror when no binary is installed. */
  mirrors?: Record<string, string>;
  /** Dockerfile (absolute path) → the labels its bake targets set (lint/bake-labels.ts). */
  bakeLabels?: Readonly<Record<string, readonly string[]>>;
}

export interface LintResult {
  findings: Finding[];
  /** Display paths of every file linted. */
  files: string[];
  /** One-off remarks for the tty report (e.g. ShellCheck missing). */
  notes: string[];
}

export async function lintFiles(options: LintFilesOptions): Promise<LintResult> {
  const display = (file: string): string => displayPath(file, options.workspace);
  const lints = options.files.map((file) =>
    lintOne(file, display(file), options.config, options.bakeLabels?.[file] ?? []),
  );
  const notes: string[] = [];
  let findings = options.engine === "hadolint" ? [] : lints.flatMap((lint) => lint.findings);
  if (options.engine !== "hadolint" && options.config.shellcheck) {
    if (shellcheckOnPath(options.env)) findings = findings.concat(await shellcheckFindings(lints, options));
    else
      notes.push(
        "note: shellcheck is not on PATH, so RUN scripts were not checked by ShellCheck (apt-get install shellcheck).",
      );
  }
  if (options.engine !== "native") {
    const raw = await runHadolint(options.files, {
      env: options.env,
      exec: options.exec,
      cwd: options.workspace,
      configFile: options.configFile,
      display,
      mirrors: options.mirrors ?? {},
    });
    const empty = { lines: new Map(), global: new Set<string>(), stages: [] };
    findings = mergeFindings(findings, finalize(raw, empty, options.config));
  }
  const order = new Map(options.files.map((file, index) => [display(file), index]));
  findings.sort(
    (a, b) =>
      (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
  return { findings, files: options.files.map(display), notes };
}

function lintOne(file: string, shown: string, config: LintConfig, bakeLabels: readonly string[]): FileLint {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const model = parseDockerfile(shown, "");
    return {
      model,
      pragmas: collectPragmas(model),
      runs: [],
      findings: [
        {
          file: shown,
          line: 1,
          column: 1,
          code: "DL1000",
          level: "error",
          message: `cannot read this file (${reason})`,
        },
      ],
    };
  }
  return lintSource(shown, source, config, bakeLabels);
}

async function shellcheckFindings(lints: FileLint[], options: LintFilesOptions): Promise<Finding[]> {
  const scripts = lints.flatMap(scriptsOf);
  const raw = await runShellcheck(scripts, options.exec);
  const byFile = new Map(lints.map((lint) => [lint.model.file, lint]));
  const grouped = new Map<string, RawFinding[]>();
  for (const finding of raw) {
    const list = grouped.get(finding.file);
    if (list) list.push(finding);
    else grouped.set(finding.file, [finding]);
  }
  return [...grouped].flatMap(([file, list]) => {
    const lint = byFile.get(file);
    return lint ? finalize(list, lint.pragmas, options.config) : [];
  });
}

/** Whether the findings fail the run: at or above the threshold, unless no-fail. */
export function failed(findings: Finding[], config: LintConfig): boolean {
  if (config.noFail || config.failureThreshold === "none") return false;
  const bar = levelRank[config.failureThreshold];
  return findings.some((finding) => levelRank[finding.level] >= bar);
}
