// --engine hadolint|both: run a real hadolint binary with JSON output and read its findings back.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { EngineError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import type { RawFinding } from "./engine.ts";
import type { ReportedLevel } from "./types.ts";

export type Engine = "native" | "hadolint" | "both";
export const engines: Engine[] = ["native", "hadolint", "both"];

/** The first `hadolint` on PATH that is a file we may execute (a stray non-executable file is passed over). */
export function hadolintPath(env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? "").split(delimiter).filter((dir) => dir !== "").map((dir) => join(dir, "hadolint")).find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function hadolintArgs(binary: string, files: string[], configFile: string | undefined): string[] {
  return [binary, "--no-fail", "--no-color", "--format", "json", "--failure-threshold", "none", ...(configFile ? ["--config", configFile] : []), ...files];
}

interface HadolintItem {
  file: string;
  line: number;
  column: number;
  code: string;
  level: string;
  message: string;
}

/** hadolint's JSON array → raw findings; file names are mapped back to what we display. */
export function parseHadolintJson(stdout: string, display: (file: string) => string): RawFinding[] {
  const items = JSON.parse(stdout.trim() === "" ? "[]" : stdout) as HadolintItem[];
  return items.map((item) => {
    const level: ReportedLevel = item.level === "error" || item.level === "warning" || item.level === "info" ? item.level : "style";
    return { file: display(item.file), line: item.line, column: item.column || 1, code: item.code, level, message: item.message, anchor: item.line };
  });
}

export async function runHadolint(files: string[], options: { env: NodeJS.ProcessEnv; exec: Exec; cwd: string; configFile: string | undefined; display: (file: string) => string }): Promise<RawFinding[]> {
  const binary = hadolintPath(options.env);
  if (!binary) throw new EngineError("--engine hadolint/both needs a `hadolint` binary on PATH, and none was found", "Install hadolint (https://github.com/hadolint/hadolint/releases) or use --engine native.");
  const result = await options.exec(hadolintArgs(binary, files, options.configFile), { cwd: options.cwd, check: false });
  if (result.exitCode !== 0 && result.stdout.trim() === "") throw new EngineError(`hadolint failed (exit ${result.exitCode}): ${result.stderr.trim()}`, "Run hadolint by hand on one file to see what it needs.");
  return parseHadolintJson(result.stdout, options.display);
}

/** Native findings stay; a hadolint finding is added unless native already has its file, line and code. */
export function mergeFindings<T extends { file: string; line: number; code: string }>(native: T[], external: T[]): T[] {
  const key = (finding: T): string => `${finding.file}\u0000${finding.line}\u0000${finding.code}`;
  const seen = new Set(native.map(key));
  const extra = external.filter((finding) => {
    if (seen.has(key(finding))) return false;
    seen.add(key(finding));
    return true;
  });
  return [...native, ...extra];
}
