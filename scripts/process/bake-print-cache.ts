// A read-through cache for `docker buildx bake --print`, wrapped around the exec door at the CLI's
// edge. Its answer depends only on the bake files, the variables they name (and bake's own), the
// targets and the folder, so a run with all of them unchanged reuses the last
// answer instead of paying ~0.3 s of CPU (the docker CLI, then buildx) before every build.
// Failures are never cached, nor files that call bake's clock or random functions (a text search:
// a mention in a comment only turns the cache off), and an answer older than a day is asked again.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Exec, ExecOptions, ExecResult } from "./exec.ts";

const maxAgeMs = 86_400_000;
/** bake functions whose answer changes from run to run. */
const impureCall = /\b(timestamp|uuidv4)\s*\(/;

/** The bake files a `--print` argv reads, or undefined when the argv is not a `--print`. */
export function printInputs(argv: readonly string[]): string[] | undefined {
  const bake = argv[0] === "docker" && argv[1] === "buildx" && argv[2] === "bake";
  if (!bake || !argv.includes("--print")) return undefined;
  return argv.flatMap((arg, index) => (arg === "-f" || arg === "--file" ? [argv[index + 1] ?? ""] : []));
}

/** Variables bake reads whatever the files say (its own settings, the engine's, reproducible dates). */
const bakeSettings = /^(BUILDX_|BAKE_|DOCKER_|BUILDKIT_|COMPOSE_)|^SOURCE_DATE_EPOCH$/;

/**
 * Pure: the variables that can change a `--print` answer. A file can only read a variable it names
 * (an HCL `variable`, a compose `${X}`), so a name that appears nowhere in its text cannot matter;
 * the shell's own ever-changing ones (`_`, `OLDPWD`, `SHLVL`) then no longer miss the cache.
 */
export function relevantEnv(env: NodeJS.ProcessEnv, files: readonly Buffer[]): [string, string | undefined][] {
  const words = new Set(files.flatMap((file) => file.toString("utf8").match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
  return Object.entries(env)
    .filter(([name]) => words.has(name) || bakeSettings.test(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Pure: the cache key of one `--print` run, from its argv, folder, relevant variables and file contents. */
export function printKey(
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  files: readonly Buffer[],
): string {
  const hash = createHash("sha256").update(JSON.stringify({ argv, cwd, env: relevantEnv(env, files) }));
  for (const file of files) hash.update("\0").update(file);
  return hash.digest("hex").slice(0, 32);
}

export function withBakePrintCache(exec: Exec, dir: string, now: () => number = Date.now): Exec {
  return async (argv, options) => {
    const key = keyOf(argv, options);
    if (key === undefined) return exec(argv, options);
    const file = join(dir, `${key}.json`);
    const cached = readAnswer(file, now());
    if (cached) {
      options?.log?.(`$ ${argv.join(" ")} (answer cached in ${file})`);
      return { argv, exitCode: 0, ...cached };
    }
    const result = await exec(argv, options);
    if (result.exitCode === 0) writeAnswer(dir, file, result, now());
    return result;
  };
}

function keyOf(argv: readonly string[], options: ExecOptions | undefined): string | undefined {
  const inputs = printInputs(argv);
  if (inputs === undefined || inputs.length === 0) return undefined;
  const cwd = resolve(options?.cwd ?? process.cwd());
  try {
    const files = inputs.map((path) => readFileSync(resolve(cwd, path)));
    return files.some((file) => impureCall.test(file.toString("utf8")))
      ? undefined
      : printKey(argv, cwd, options?.env ?? process.env, files);
  } catch {
    return undefined; // an unreadable bake file: let bake say what is wrong
  }
}

function readAnswer(file: string, now: number): Pick<ExecResult, "stdout" | "stderr"> | undefined {
  try {
    if (now - statSync(file).mtimeMs > maxAgeMs) return undefined;
    const answer = JSON.parse(readFileSync(file, "utf8")) as { stdout?: unknown; stderr?: unknown };
    return typeof answer.stdout === "string" && typeof answer.stderr === "string"
      ? { stdout: answer.stdout, stderr: answer.stderr }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Written aside and renamed into place, so a parallel run never reads half an answer; old answers go. */
function writeAnswer(dir: string, file: string, result: ExecResult, now: number): void {
  try {
    mkdirSync(dir, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, JSON.stringify({ stdout: result.stdout, stderr: result.stderr }));
    renameSync(staging, file);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (now - statSync(path).mtimeMs > maxAgeMs) rmSync(path, { force: true });
    }
  } catch {
    // A cache that cannot be written only costs the next run its speed.
  }
}
