// A scripted stand-in for the docker CLI behind the Exec door: answers by argv, records calls.
import type { Exec, ExecOptions, ExecResult } from "../../../scripts/process/exec.ts";

export type Answer =
  | Partial<Omit<ExecResult, "argv">>
  | ((
      argv: readonly string[],
      options: ExecOptions | undefined,
    ) => Partial<Omit<ExecResult, "argv">> | Promise<Partial<Omit<ExecResult, "argv">>>);

export interface FakeEngine {
  exec: Exec;
  calls: string[][];
  /** Calls whose argv joined with spaces contains `text`. */
  find: (text: string) => string[][];
}

/**
 * Rules are tried in order; the first whose key occurs in the joined argv answers. A command no rule
 * answers throws: a script that forgot a call must not pass on a made-up success.
 */
export function fakeEngine(rules: [string, Answer][]): FakeEngine {
  const calls: string[][] = [];
  const exec: Exec = async (argv, options) => {
    calls.push([...argv]);
    const line = argv.join(" ");
    const rule = rules.find(([key]) => line.includes(key));
    if (!rule) throw new Error(`fake engine: no rule answers \`${line}\``);
    const answer = typeof rule[1] === "function" ? await rule[1](argv, options) : rule[1];
    return { argv, exitCode: 0, stdout: "", stderr: "", ...answer };
  };
  return { exec, calls, find: (text) => calls.filter((argv) => argv.join(" ").includes(text)) };
}
