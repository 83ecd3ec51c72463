// ShellCheck over RUN scripts, batched: one shellcheck process per few hundred scripts.
// Building scripts and reading its JSON are pure; only `runShellcheck` touches files and processes.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { CommandError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import type { RawFinding } from "./engine.ts";
import type { FileLint } from "./engine.ts";
import type { ReportedLevel } from "./types.ts";

export interface ShellScript {
  file: string;
  /** RUN line: pragmas match here. */
  anchor: number;
  /** Dockerfile line of the script's first line, and the column its text starts at. */
  firstLine: number;
  firstColumn: number;
  /** Lines shellcheck sees before the script (shebang, exported variables). */
  header: number;
  text: string;
}

const proxyVars = [
  "HTTP_PROXY",
  "http_proxy",
  "HTTPS_PROXY",
  "https_proxy",
  "FTP_PROXY",
  "ftp_proxy",
  "NO_PROXY",
  "no_proxy",
];
/** ash is unsupported (2187) and sourced files cannot be followed (1090), as in hadolint. */
export const excludedChecks = ["2187", "1090", "1091"];

/** The scripts of one linted file, with ARG/ENV names exported so SC2154 stays quiet about them. */
export function scriptsOf(lint: FileLint): ShellScript[] {
  if (lint.model.escape !== "\\") return [];
  const lines = lint.model.source.split("\n");
  const declaredBefore = declarationHeaders(lint);
  return lint.runs
    .filter((entry) => entry.info.posix && !entry.onbuild && !entry.instruction.json)
    .map((entry) => {
      const header = [`#!/bin/${entry.info.dialect}`, ...declaredBefore(entry.line)];
      const heredoc = entry.instruction.heredocs[0];
      const fromHeredoc = heredoc !== undefined && entry.instruction.args.trimStart().startsWith("<<");
      const body = fromHeredoc ? entry.script : continuationSafe(entry.instruction.rawArgs);
      const firstLine = fromHeredoc ? heredoc.line : entry.instruction.argsLine;
      const firstText = body.split("\n", 1)[0] ?? "";
      const column = fromHeredoc ? 1 : Math.max(1, (lines[firstLine - 1] ?? "").indexOf(firstText) + 1);
      return {
        file: lint.model.file,
        anchor: entry.line,
        firstLine,
        firstColumn: column,
        header: header.length,
        text: `${header.join("\n")}\n${body}\n`,
      };
    });
}

/**
 * `export NAME=1` lines for the ARG/ENV names declared before a line. One walk over the file, and
 * the list is rebuilt only when a new name appears, so many RUNs cost no more than one each.
 */
function declarationHeaders(lint: FileLint): (line: number) => string[] {
  const declarations = lint.model.instructions.filter((item) => item.keyword === "ARG" || item.keyword === "ENV");
  const names = new Set(proxyVars);
  let exports = proxyVars.map((name) => `export ${name}=1`);
  let next = 0;
  return (line) => {
    let grew = false;
    for (; next < declarations.length && (declarations[next]?.line ?? 0) < line; next += 1) {
      for (const { name } of declarations[next]?.properties ?? []) {
        if (names.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        names.add(name);
        grew = true;
      }
    }
    if (grew) exports = [...names].map((name) => `export ${name}=1`);
    return exports;
  };
}

/** Comment lines inside a continuation vanish in Docker; a lone `\` keeps both the shell and the line numbers right. */
function continuationSafe(raw: string): string {
  return raw
    .split("\n")
    .map((line, index) => (index > 0 && line.trimStart().startsWith("#") ? "\\" : line))
    .join("\n");
}

interface ShellcheckComment {
  file: string;
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

/** shellcheck --format=json1 output → findings at Dockerfile lines; a file may stand for several identical RUNs. */
export function parseShellcheckOutput(stdout: string, scripts: Map<string, ShellScript | ShellScript[]>): RawFinding[] {
  if (stdout.trim() === "") return [];
  const parsed = JSON.parse(stdout) as { comments?: ShellcheckComment[] };
  return (parsed.comments ?? []).flatMap((comment) =>
    [scripts.get(comment.file) ?? []].flat().map((script) => placed(comment, script)),
  );
}

function placed(comment: ShellcheckComment, script: ShellScript): RawFinding {
  const offset = comment.line - script.header - 1;
  const level: ReportedLevel =
    comment.level === "error" || comment.level === "warning" || comment.level === "info" ? comment.level : "style";
  const line = Math.max(script.firstLine, script.firstLine + offset);
  const column = offset <= 0 ? script.firstColumn + comment.column - 1 : comment.column;
  return {
    file: script.file,
    line,
    column,
    code: `SC${comment.code}`,
    level,
    message: comment.message,
    anchor: script.anchor,
  };
}

export function shellcheckArgs(files: string[]): string[] {
  return ["shellcheck", "--format=json1", "--severity=style", `--exclude=${excludedChecks.join(",")}`, "--", ...files];
}

export function shellcheckOnPath(env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, "shellcheck")));
}

/** At most this many shellcheck processes, and this many files being written, at any time. */
export const shellcheckLimits = { processes: 2, writes: 16, batchSize: 400 };

/**
 * Writes each distinct script once to a temporary folder and runs shellcheck over them in batches,
 * never more than `shellcheckLimits` open at once (120 Dockerfiles used to open every file together
 * and die with EMFILE). Identical scripts (same text, same exported names) are checked once.
 */
export async function runShellcheck(
  scripts: ShellScript[],
  exec: Exec,
  limits = shellcheckLimits,
): Promise<RawFinding[]> {
  if (scripts.length === 0) return [];
  const byText = new Map<string, ShellScript[]>();
  for (const script of scripts) {
    const same = byText.get(script.text);
    if (same) same.push(script);
    else byText.set(script.text, [script]);
  }
  const dir = await mkdtemp(join(tmpdir(), "images-lint-sc-"));
  try {
    const byPath = new Map([...byText.values()].map((same, index) => [join(dir, `${index}.sh`), same] as const));
    await eachLimited([...byPath], limits.writes, async ([path, same]) => writeFile(path, same[0]?.text ?? ""));
    // Two batches at least, so both cores work; ShellCheck start-up dominates small batches.
    const paths = [...byPath.keys()];
    const size = Math.min(limits.batchSize, Math.max(1, Math.ceil(paths.length / limits.processes)));
    const batches = Array.from({ length: Math.ceil(paths.length / size) }, (_, i) =>
      paths.slice(i * size, (i + 1) * size),
    );
    const results = await eachLimited(batches, limits.processes, (batch) =>
      exec(shellcheckArgs(batch), { check: false }),
    );
    return results.flatMap((result) => {
      if (result.exitCode > 1)
        throw new CommandError(
          result.argv,
          result.exitCode,
          result.stderr,
          "Run shellcheck on one RUN script by hand, or pass --no-shellcheck.",
        );
      return parseShellcheckOutput(result.stdout, byPath);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
