// Entry point of `pnpm images <command>`: the only place that reads process.argv,
// wires the real world (env, clock, exec, stdout) and maps errors to exit codes.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InterruptedError, UsageError, formatError } from "./errors/errors.ts";
import { exec } from "./process/exec.ts";
import type { CommandContext } from "./cli/command.ts";
import { commandHelp, mainHelp } from "./cli/help.ts";
import { parseCommandArgs } from "./cli/parse.ts";
import { commands } from "./cli/registry.ts";

/** The folder holding package.json above this module (scripts/ here, .cache/cli/<key>/ when bundled). */
function findRepositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

const repositoryRoot = findRepositoryRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * One Ctrl-C (or SIGTERM) aborts the command, which stops and removes what it started; a second
 * says cleanup is under way; a third quits at once. Node's default (exit on the first signal,
 * children left running) never applies.
 */
const controller = new AbortController();
let signalsSeen = 0;
function onSignal(): void {
  signalsSeen += 1;
  if (signalsSeen === 1) controller.abort(new InterruptedError());
  else if (signalsSeen === 2) {
    process.stderr.write("stopping: removing containers and generated files (Ctrl-C again quits now, leaving them)\n");
  }
  else process.exit(130);
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) throw new UsageError(`unknown command "${name}"`, `Valid commands: ${Object.keys(commands).join(", ")}. See \`pnpm images --help\`.`);
  const spec = await entry.load();
  const { values, positionals } = parseCommandArgs(spec, rest);
  if (values.help === true) {
    process.stdout.write(`${commandHelp(spec)}\n`);
    return 0;
  }
  const context: CommandContext = {
    workspace: resolveWorkspace(typeof values.workspace === "string" ? values.workspace : undefined),
    env: process.env,
    now: () => new Date(),
    exec,
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    isTTY: process.stdout.isTTY === true,
    signal: controller.signal,
  };
  return spec.run(context, values, positionals);
}

function resolveWorkspace(option: string | undefined): string {
  const path = resolve(option ?? process.env.IMAGES_WORKSPACE ?? repositoryRoot);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new UsageError(`workspace "${option ?? path}" does not exist or is not a directory`, "Pass --workspace DIR pointing at an image repository (a folder with bake.hcl).");
  }
  return path;
}

/**
 * After an interrupt, whatever a command threw (a docker child killed by the same Ctrl-C reads as a
 * failed command) is reported as the interrupt, exit 130. A failure waits 50 ms first, so a signal
 * that arrived with the child's exit has been handled.
 */
async function outcome(run: Promise<number>): Promise<{ code: number; error?: unknown }> {
  const settled: { code: number; error?: unknown } = await run.then(
    (code) => ({ code }),
    (error: unknown) => ({ code: formatError(error).exitCode, error }),
  );
  if (settled.code !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!controller.signal.aborted) return settled;
  const keep = settled.error instanceof Error && formatError(settled.error).exitCode === 130;
  return { code: 130, error: keep ? settled.error : controller.signal.reason };
}

void outcome(main(process.argv.slice(2))).then(({ code, error }) => {
  if (error !== undefined) {
    process.stderr.write(`${formatError(error).message}\n`);
    if (process.env.IMAGES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ""}\n`);
  }
  process.exitCode = code;
});
