// Entry point of `pnpm images <command>`: the only place that reads process.argv,
// wires the real world (env, clock, exec, stdout) and maps errors to exit codes.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError, formatError } from "./errors/errors.ts";
import { interrupts, settle } from "./cli/interrupt.ts";
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

const stop = interrupts(
  (line) => process.stderr.write(`${line}\n`),
  (code) => process.exit(code),
);
process.on("SIGINT", stop.onSignal);
process.on("SIGTERM", stop.onSignal);

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
    signal: stop.signal,
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

void settle(main(process.argv.slice(2)), stop.signal).then(({ code, error }) => {
  if (error !== undefined) {
    process.stderr.write(`${formatError(error).message}\n`);
    if (process.env.IMAGES_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ""}\n`);
  }
  process.exitCode = code;
});
