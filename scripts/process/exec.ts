// The one door to processes: every docker, git, shellcheck call goes through here. Logic modules
// build argv arrays (data); only this file spawns. Programs start directly, not through a shell:
// nothing to quote, and no bash per call (zx's shell and its set-up cost ~35 ms of the first four
// reads, on the path to bake). A `group` call gets its own process group, which an abort or a
// timeout stops as a whole (bake's buildx children included).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
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
  /**
   * stdin. A promise keeps stdin open until it settles (a process started ahead of its input, such as
   * bake reading its override from `-f -`); a rejection stops the process instead.
   */
  input?: string | Buffer | Promise<string>;
  /** Stream child output to our stdout/stderr as it arrives. */
  stream?: boolean;
  /** Receives output chunks as they arrive (progress parsing). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Reject with CommandError on a non-zero exit (default true). */
  check?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Own process group, so a stop reaches the whole tree (bake's buildx, a seed's debootstrap).
   * Default: when the call can be stopped (signal or timeoutMs).
   */
  group?: boolean;
  log?: (line: string) => void;
  hint?: string;
  /** Called with the pid once started (tests send signals with it). */
  onPid?: (pid: number) => void;
}

export type Exec = (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

/** What a shell reports for a process a signal ended (no exit code of its own). */
const signalled = 128;

export const exec: Exec = async (argv, options = {}) => {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error("exec: empty argv");
  if (options.cwd && !existsSync(options.cwd))
    throw new UsageError(`folder ${options.cwd} does not exist (needed to run \`${program}\`)`);
  options.log?.(`$ ${argv.join(" ")}`);
  const started = performance.now();
  const group = options.group ?? (options.signal !== undefined || options.timeoutMs !== undefined);
  const child = spawn(program, args, {
    env: options.env ?? process.env,
    detached: group,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if (options.onPid && child.pid !== undefined) options.onPid(child.pid);
  const stopChild = (): void => stop(child, group);
  const stopping = stopOnAbortOrTimeout(stopChild, options);
  const [stdout, stderr] = [collect(child, "stdout", options), collect(child, "stderr", options)];
  child.stdin?.on("error", () => undefined); // a program that exits without reading its input
  feed(child, options.input, stopChild);
  const exitCode = await exited(child, program).finally(stopping);
  const result: ExecResult = { argv, exitCode, stdout: stdout.text(), stderr: stderr.text() };
  trace(argv, started, result.exitCode);
  if (result.exitCode !== 0 && (options.check ?? true))
    throw new CommandError(argv, result.exitCode, result.stderr || result.stdout, options.hint);
  return result;
};

/** The exit code once all output is read; a program that cannot start is an EngineError (what to install). */
function exited(child: ChildProcess, program: string): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new EngineError(`\`${program}\` is not installed or not on PATH`)
          : new EngineError(`\`${program}\` could not start: ${error.message}`),
      );
    });
    child.once("close", (code: number | null) => resolve(code ?? signalled));
  });
}

/** Decodes a stream as UTF-8 across chunk borders, keeps it, and passes each chunk on as it comes. */
function collect(child: ChildProcess, name: "stdout" | "stderr", options: ExecOptions): { text: () => string } {
  const chunks: string[] = [];
  const stream = child[name];
  const sink = name === "stdout" ? process.stdout : process.stderr;
  const listener = name === "stdout" ? options.onStdout : options.onStderr;
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    chunks.push(chunk);
    if (options.stream) sink.write(chunk);
    listener?.(chunk);
  });
  return { text: () => chunks.join("") };
}

function feed(child: ChildProcess, input: ExecOptions["input"], stopChild: () => void): void {
  if (input === undefined || !child.stdin) return;
  const stdin = child.stdin;
  if (!(input instanceof Promise)) {
    stdin.end(input);
    return;
  }
  const waiting = performance.now();
  input.then(
    (text) => {
      traceCall("stdin", waiting, `${text.length} chars given`);
      stdin.end(text);
    },
    () => {
      stopChild();
      stdin.destroy();
    },
  );
}

/** SIGTERM, to the whole group for a `group` call. */
function stop(child: ChildProcess, group: boolean): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(group ? -pid : pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/** Stops the process on abort or timeout. Returns the clean-up. */
function stopOnAbortOrTimeout(stopChild: () => void, options: ExecOptions): () => void {
  const timer = options.timeoutMs ? setTimeout(stopChild, options.timeoutMs) : undefined;
  if (options.signal?.aborted) stopChild();
  options.signal?.addEventListener("abort", stopChild, { once: true });
  return () => {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", stopChild);
  };
}

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
