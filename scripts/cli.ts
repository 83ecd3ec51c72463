// `pnpm images <command>`. runCli takes its whole world (env, clock, exec, output) as a context, so
// tests run it in-process with a fake Exec; startCli is the edge that wires the real one, reads
// process.argv and turns the result into an exit code. Errors are mapped to one line here, once.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError, formatError } from "./errors/errors.ts";
import { interrupts, settle } from "./cli/interrupt.ts";
import { withBakePrintCache } from "./process/bake-print-cache.ts";
import { exec, startDetached } from "./process/exec.ts";
import { engineCall, engineSocket, type EngineCall } from "./process/engine-api.ts";
import type { CommandContext } from "./cli/command.ts";
import { commandHelp, mainHelp } from "./cli/help.ts";
import { parseCommandArgs } from "./cli/parse.ts";
import { commands } from "./cli/registry.ts";

/**
 * Runs one command and returns its exit code; never throws. `ctx.workspace` is the default
 * workspace, which `--workspace` (relative to the current folder) or IMAGES_WORKSPACE replace.
 */
export async function runCli(argv: readonly string[], ctx: CommandContext): Promise<number> {
  // After an interrupt, whatever the command threw on its way out is reported as the interrupt (130).
  const { code, error } = await settle(dispatch(argv, ctx), ctx.signal);
  if (error !== undefined) {
    ctx.err(formatError(error).message);
    if (ctx.env.IMAGES_DEBUG && error instanceof Error) ctx.err(error.stack ?? "");
  }
  return code;
}

async function dispatch(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    ctx.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry)
    throw new UsageError(
      `unknown command "${name}"`,
      `Valid commands: ${Object.keys(commands).join(", ")}. See \`pnpm images --help\`.`,
    );
  const spec = await entry.load();
  const { values, positionals } = parseCommandArgs(spec, rest);
  if (values.help === true) {
    ctx.out(commandHelp(spec));
    return 0;
  }
  const workspace = resolveWorkspace(typeof values.workspace === "string" ? values.workspace : undefined, ctx);
  return spec.run({ ...ctx, workspace }, values, positionals);
}

function resolveWorkspace(option: string | undefined, ctx: CommandContext): string {
  const path = resolve(option ?? ctx.env.IMAGES_WORKSPACE ?? ctx.workspace);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new UsageError(
      `workspace "${option ?? path}" does not exist or is not a directory`,
      "Pass --workspace DIR pointing at an image repository (a folder with bake.hcl).",
    );
  }
  return path;
}

/** The folder holding package.json above this module (scripts/ here, .cache/cli/<key>/ when bundled). */
function findRepositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

function engineOf(env: NodeJS.ProcessEnv): { engine?: EngineCall } {
  const socket = engineSocket(env);
  return socket ? { engine: engineCall(socket) } : {};
}

const lineOf = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);

/** The real world: process.argv, env, stdout/stderr, the exec door, and SIGINT/SIGTERM as interrupts. */
export async function startCli(): Promise<void> {
  // One Ctrl-C aborts (the command stops and removes what it started); a third quits at once.
  const stop = interrupts(
    (line) => process.stderr.write(lineOf(line)),
    (code) => process.exit(code),
  );
  process.on("SIGINT", stop.onSignal);
  process.on("SIGTERM", stop.onSignal);
  const repositoryRoot = findRepositoryRoot(dirname(fileURLToPath(import.meta.url)));
  process.exitCode = await runCli(process.argv.slice(2), {
    workspace: repositoryRoot,
    env: process.env,
    now: () => new Date(),
    exec: withBakePrintCache(exec, join(repositoryRoot, ".cache", "bake-print")),
    ...engineOf(process.env),
    detach: (argv) => startDetached(argv, process.env),
    out: (text) => process.stdout.write(lineOf(text)),
    err: (text) => process.stderr.write(lineOf(text)),
    isTTY: process.stdout.isTTY === true,
    signal: stop.signal,
  });
  exitWhenWritten(process.exitCode);
}

/**
 * The command has finished: exit once stdout and stderr have taken everything. A process left to end
 * by itself also tears down its heap and handles first, ~20 ms more here after a build. (If the
 * callbacks never come, the process still ends by itself, with the same exit code.)
 */
function exitWhenWritten(code: number): void {
  let pending = 2;
  const written = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write("", written);
  process.stderr.write("", written);
}
