// A CommandContext for unit tests: the given workspace and exec, a fixed clock, no output, no interrupt.
import type { CommandContext } from "../../scripts/cli/command.ts";
import type { Exec } from "../../scripts/process/exec.ts";

export function fakeContext(workspace: string, exec: Exec): CommandContext {
  const quiet = (): void => undefined;
  const signal = new AbortController().signal;
  return { workspace, env: {}, now: () => new Date(0), exec, out: quiet, err: quiet, isTTY: false, signal };
}
