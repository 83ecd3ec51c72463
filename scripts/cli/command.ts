// What every `pnpm images <command>` looks like: a spec (name, options, help)
// and a run function that gets its world (workspace, env, clock, exec, output) as parameters.
import type { EngineCall } from "../process/engine-api.ts";
import type { Exec } from "../process/exec.ts";
import type { Transport } from "../registry/transport.ts";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Shown in --help; the value name goes in `value`. */
  description: string;
  value?: string;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CommandContext {
  /** Absolute path of the image repository the command works on. */
  workspace: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  exec: Exec;
  /** The engine API over its socket, when the CLI would use that socket (a few image calls go there). */
  engine?: EngineCall;
  /**
   * Starts clean-up that outlives the command (nobody waits for it). Absent in tests: the clean-up
   * then runs through `exec` and is awaited.
   */
  detach?: (argv: readonly string[]) => void;
  /** HTTP for registry reads (registry/transport.ts when absent); unit tests give one that never leaves the process. */
  fetch?: Transport;
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  /** Aborted on SIGINT/SIGTERM: commands stop children and clean up. */
  signal: AbortSignal;
}

export interface CommandSpec {
  name: string;
  /** The one-line summary lives in cli/registry.ts, where `--help` can list it without loading this. */
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: { name: string; description: string };
  /** Lines printed under the options in --help. */
  notes?: string[];
  run: (ctx: CommandContext, values: OptionValues, positionals: string[]) => Promise<number>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}
