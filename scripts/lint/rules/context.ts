// What every rule sees: the parsed file, the config, stages, and each RUN's parsed shell
// (computed once per file, with SHELL instructions and `# hadolint shell=` pragmas applied).
import type { DockerfileModel, Instruction } from "../dockerfile/model.ts";
import { emptyShell, parseShell, type ParsedShell } from "../shell/parse-shell.ts";
import type { LintConfig, RuleMeta } from "../types.ts";

export interface Hit {
  line: number;
  column?: number;
  message?: string;
}

export interface Rule {
  meta: RuleMeta;
  check: (ctx: RuleContext) => Hit[];
}

export interface ShellInfo {
  /** argv of the SHELL instruction (default /bin/sh -c). */
  argv: string[];
  posix: boolean;
  dialect: "sh" | "bash" | "dash" | "ksh";
}

export interface RunEntry {
  instruction: Instruction;
  /** Where findings go: the RUN, or the ONBUILD that holds it. */
  line: number;
  onbuild: boolean;
  shell: ParsedShell;
  info: ShellInfo;
  script: string;
  /** ENV names set earlier in the same stage (e.g. PIP_NO_CACHE_DIR). */
  env: ReadonlySet<string>;
}

export interface Stage {
  index: number;
  from: Instruction;
  image: string;
  alias: string | undefined;
  instructions: Instruction[];
}

export interface RuleContext {
  model: DockerfileModel;
  config: LintConfig;
  runs: RunEntry[];
  stages: Stage[];
}

export const defaultShell: ShellInfo = { argv: ["/bin/sh", "-c"], posix: true, dialect: "sh" };
const shellPragma = /^hadolint\s+shell\s*=\s*(\S+)/;

export function createContext(model: DockerfileModel, config: LintConfig): RuleContext {
  return { model, config, runs: collectRuns(model), stages: collectStages(model) };
}

function collectRuns(model: DockerfileModel): RunEntry[] {
  const runs: RunEntry[] = [];
  const pragmas = model.comments.flatMap((comment) => {
    const match = shellPragma.exec(comment.text);
    return match?.[1] ? [{ line: comment.line, info: shellInfo([match[1]]) }] : [];
  });
  // A shell pragma names the base image's default shell: it holds until the end of the file.
  let base = defaultShell;
  let info = defaultShell;
  let next = 0;
  let env = new Set<string>();
  for (const instruction of model.instructions) {
    while (next < pragmas.length && (pragmas[next]?.line ?? 0) < instruction.line) {
      base = pragmas[next]?.info ?? base;
      info = base;
      next += 1;
    }
    if (instruction.keyword === "FROM") {
      info = base;
      env = new Set();
    }
    if (instruction.keyword === "ENV") env = new Set([...env, ...instruction.properties.map((p) => p.name)]);
    if (instruction.keyword === "SHELL") info = shellInfo(instruction.json ?? instruction.args.trim().split(/\s+/));
    if (instruction.keyword === "RUN") runs.push(runEntry(instruction, instruction.line, false, info, env));
    if (instruction.trigger?.keyword === "RUN") runs.push(runEntry(instruction.trigger, instruction.line, true, info, env));
  }
  return runs;
}

export function shellInfo(argv: string[]): ShellInfo {
  const program = (argv[0] ?? "").split("/").pop() ?? "";
  const posix = !/^(pwsh|powershell|cmd)(\.exe)?$/i.test(program);
  const dialect = program === "bash" || program === "zsh" ? "bash" : program === "dash" || program === "ash" ? "dash" : program === "ksh" ? "ksh" : "sh";
  return { argv, posix, dialect };
}

function runEntry(instruction: Instruction, line: number, onbuild: boolean, info: ShellInfo, env: ReadonlySet<string>): RunEntry {
  const script = runScript(instruction);
  return { instruction, line, onbuild, info, script, env, shell: info.posix ? parseShell(script) : emptyShell };
}

/** The shell text a RUN executes: heredoc bodies for `RUN <<EOF`, the joined words for exec form. */
export function runScript(instruction: Instruction): string {
  if (instruction.json) return instruction.json.join(" ");
  const text = instruction.args;
  if (instruction.heredocs.length > 0 && text.trimStart().startsWith("<<")) return instruction.heredocs.map((doc) => doc.body).join("\n");
  if (instruction.heredocs.length > 0) return text.split("\n")[0] ?? "";
  return text;
}

function collectStages(model: DockerfileModel): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.trim().split(/\s+/);
      const alias = words[1]?.toLowerCase() === "as" ? words[2] : undefined;
      stages.push({ index: stages.length, from: instruction, image: words[0] ?? "", alias, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}
