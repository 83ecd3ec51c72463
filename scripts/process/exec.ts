// The one door to processes: every docker, git, shellcheck call goes through here, on zx.
// Logic modules build argv arrays (data); only this file spawns. zx quotes each argv
// element, and on abort it stops the whole process tree (bake's buildx children included).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { $, type ProcessPromise } from "zx/core";
import { CommandError, EngineError, UsageError } from "../errors/errors.ts";

export interface ExecResult {
  argv: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Stream child output to our stdout/stderr as it arrives. */
  stream?: boolean;
  /** Receives output chunks as they arrive (progress parsing). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Reject with CommandError on a non-zero exit (default true). */
  check?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Own process group so an abort stops the whole tree (bake, compose). */
  group?: boolean;
  log?: (line: string) => void;
  hint?: string;
  /** Called with the pid once started (tests send signals with it). */
  onPid?: (pid: number) => void;
}

export type Exec = (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

/** Exit code a shell gives for a program it cannot find. */
const notFound = 127;

export const exec: Exec = async (argv, options = {}) => {
  if (argv.length === 0) throw new Error("exec: empty argv");
  if (options.cwd && !existsSync(options.cwd))
    throw new UsageError(`folder ${options.cwd} does not exist (needed to run \`${argv[0] ?? ""}\`)`);
  options.log?.(`$ ${argv.join(" ")}`);
  const started = performance.now();
  const child = start(argv, options);
  if (options.onPid && child.pid !== undefined) options.onPid(child.pid);
  child.stdout.on("data", (chunk: Buffer) => {
    if (options.stream) process.stdout.write(chunk);
    options.onStdout?.(chunk.toString("utf8"));
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (options.stream) process.stderr.write(chunk);
    options.onStderr?.(chunk.toString("utf8"));
  });
  const output = await child;
  const result: ExecResult = { argv, exitCode: output.exitCode ?? 128, stdout: output.stdout, stderr: output.stderr };
  trace(argv, started, result.exitCode);
  if (result.exitCode === notFound && /command not found|No such file/.test(result.stderr))
    throw new EngineError(`\`${argv[0] ?? ""}\` is not installed or not on PATH`);
  if (result.exitCode !== 0 && (options.check ?? true))
    throw new CommandError(argv, output.exitCode, result.stderr || result.stdout, options.hint);
  return result;
};

/** IMAGES_TRACE_EXEC=1: each process's start offset, duration and argv on stderr (where the time goes). */
const tracing = Boolean(process.env.IMAGES_TRACE_EXEC);

function trace(argv: readonly string[], started: number, exitCode: number): void {
  traceCall("exec", started, `exit ${exitCode}  ${argv.join(" ")}`);
}

/** One trace line (the engine API's calls use it too): start offset since launch, duration, what ran. */
export function traceCall(door: string, started: number, what: string): void {
  if (!tracing) return;
  const ms = (value: number): string => value.toFixed(0).padStart(6);
  const line = `[${door}] +${ms(started)} ${ms(performance.now() - started)} ms  ${what}`;
  process.stderr.write(`${line.slice(0, 200)}\n`);
}

function start(argv: readonly string[], options: ExecOptions): ProcessPromise {
  const shell = $({
    quiet: true,
    verbose: false,
    nothrow: true,
    env: options.env ?? process.env,
    detached: options.group ?? false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.input !== undefined ? { input: options.input } : { input: "" }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return shell`${argv}`;
}

/**
 * Starts a process that outlives this one and that nobody waits for: clean-up whose result does not
 * change the command's answer (a failure leaves what the next run sweeps up). Output is dropped.
 */
export function startDetached(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const [program, ...args] = argv;
  if (!program) throw new Error("startDetached: empty argv");
  const started = performance.now();
  const child = spawn(program, args, { detached: true, stdio: "ignore", env });
  child.on("error", () => undefined); // a missing program: the next run's sweep covers it
  child.unref();
  traceCall("detached", started, argv.join(" "));
}

/** Whether a program is on PATH, without running it. */
export async function which(program: string, run: Exec = exec): Promise<string | undefined> {
  const result = await run(["sh", "-c", 'command -v "$1"', "sh", program], { check: false });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
