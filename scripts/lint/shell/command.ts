// Questions hadolint's rules ask about one shell command; same semantics as hadolint's Shell module.
import type { Command, ParsedShell } from "./parse-shell.ts";

/** The command is `name` and one of its arguments is one of `expected`. */
export function cmdHasArgs(command: Command, name: string, expected: readonly string[]): boolean {
  return command.name === name && command.args.some((arg) => expected.includes(arg));
}

export function hasFlag(command: Command, flag: string): boolean {
  return command.flags.some((part) => part.arg === flag);
}

export function hasAnyFlag(command: Command, flags: readonly string[]): boolean {
  return command.flags.some((part) => flags.includes(part.arg));
}

export function hasArg(command: Command, arg: string): boolean {
  return command.args.includes(arg);
}

/** Arguments that are not flags. */
export function argsNoFlags(command: Command): string[] {
  const flagIndexes = new Set(command.flags.map((part) => part.index));
  return command.args.filter((_, index) => !flagIndexes.has(index));
}

/** Drops the argument right after each of the given flags (e.g. `-t bookworm`), exactly as hadolint does. */
export function dropFlagArg(command: Command, flags: readonly string[]): Command {
  const drop = new Set(command.flags.filter((part) => flags.includes(part.arg)).map((part) => part.index + 1));
  const kept = command.args.map((arg, index) => ({ arg, index })).filter((part) => !drop.has(part.index));
  const newIndex = new Map(kept.map((part, position) => [part.index, position]));
  const partFlags = command.flags
    .filter((part) => newIndex.has(part.index))
    .map((part) => ({ arg: part.arg, index: newIndex.get(part.index) as number }));
  return { name: command.name, args: kept.map((part) => part.arg), flags: partFlags };
}

/** Values given to a flag: `-u 1000`, `--uid=1000`, `--uid 1000`. */
export function flagValues(command: Command, flags: readonly string[]): string[] {
  const values: string[] = [];
  command.args.forEach((arg, index) => {
    for (const flag of flags) {
      const long = flag.length > 1 ? `--${flag}` : `-${flag}`;
      if (arg.startsWith(`${long}=`)) values.push(arg.slice(long.length + 1));
      else if (arg === long && command.args[index + 1] !== undefined) values.push(command.args[index + 1] as string);
    }
  });
  return values;
}

export function noCommand(shell: ParsedShell, check: (command: Command) => boolean): boolean {
  return !shell.commands.some(check);
}

/** pip, pip3, pipx, python -m pip: `install` anywhere in the arguments. pipenv is its own tool, not pip. */
export function isPipInstall(command: Command): boolean {
  if (command.name.startsWith("pip") && !command.name.startsWith("pipenv") && command.args.includes("install"))
    return true;
  if (!command.name.startsWith("python")) return false;
  const m = command.args.indexOf("-m");
  return m !== -1 && command.args[m + 1] === "pip" && command.args.slice(m + 2).includes("install");
}

/** Arguments after the first `install` (or other subcommand), without flags. */
export function afterSubcommand(args: readonly string[], subcommand: string): string[] {
  const at = args.indexOf(subcommand);
  if (at === -1) return [];
  let rest = args.slice(at);
  while (rest[0] === subcommand) rest = rest.slice(1);
  return rest;
}
