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
  /** PIP_NO_CACHE_DIR is truthy here: set by ENV in this stage or the stage it is built FROM. */
  pipNoCache: boolean;
  /** ARG/ENV names declared on an earlier line (any stage): a `$VAR` they hold is a known value. */
  declared: (name: string) => boolean;
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
  /** Labels every bake target that builds this file sets (bake labels end up on the image too). */
  bakeLabels: ReadonlySet<string>;
}

export const defaultShell: ShellInfo = { argv: ["/bin/sh", "-c"], posix: true, dialect: "sh" };
const shellPragma = /^hadolint\s+shell\s*=\s*(\S+)/;

export function createContext(
  model: DockerfileModel,
  config: LintConfig,
  bakeLabels: readonly string[] = [],
): RuleContext {
  return { model, config, runs: collectRuns(model), stages: collectStages(model), bakeLabels: new Set(bakeLabels) };
}

function collectRuns(model: DockerfileModel): RunEntry[] {
  const runs: RunEntry[] = [];
  const pragmas = model.comments.flatMap((comment) => {
    const match = shellPragma.exec(comment.text);
    return match?.[1] ? [{ line: comment.line, info: shellInfo([match[1]]) }] : [];
  });
  const firstDeclared = declarations(model);
  // A shell pragma names the base image's default shell: it holds until the end of the file.
  let base = defaultShell;
  let info = defaultShell;
  let next = 0;
  const pip = pipCacheTracker();
  for (const instruction of model.instructions) {
    while (next < pragmas.length && (pragmas[next]?.line ?? 0) < instruction.line) {
      base = pragmas[next]?.info ?? base;
      info = base;
      next += 1;
    }
    if (instruction.keyword === "FROM") info = base;
    pip.see(instruction);
    if (instruction.keyword === "SHELL") info = shellInfo(instruction.json ?? instruction.args.trim().split(/\s+/));
    const trigger = instruction.trigger?.keyword === "RUN" ? instruction.trigger : undefined;
    const run = instruction.keyword === "RUN" ? instruction : trigger;
    if (!run) continue;
    const line = instruction.line;
    const declared = (name: string): boolean => (firstDeclared.get(name) ?? Infinity) < line;
    runs.push(runEntry(run, { line, onbuild: run === trigger, info, pipNoCache: pip.current(), declared }));
  }
  return runs;
}

/** Name → first line an ARG or ENV declares it (one pass, so every RUN can ask in O(1)). */
function declarations(model: DockerfileModel): Map<string, number> {
  const first = new Map<string, number>();
  for (const instruction of model.instructions) {
    if (instruction.keyword !== "ARG" && instruction.keyword !== "ENV") continue;
    for (const property of instruction.properties)
      if (!first.has(property.name)) first.set(property.name, instruction.line);
  }
  return first;
}

const truthy = new Set(["1", "true", "on", "yes"]);

/** pip reads PIP_NO_CACHE_DIR as a boolean: 1/true/on/yes turn the cache off, 0/false/off/no leave it on. */
export function pipNoCacheValue(value: string): boolean {
  return truthy.has(value.trim().toLowerCase());
}

/** PIP_NO_CACHE_DIR per stage, inherited by a stage built FROM an earlier stage's alias. */
function pipCacheTracker(): { see: (instruction: Instruction) => void; current: () => boolean } {
  const byStage = new Map<string, boolean>();
  let stage = "";
  return {
    see: (instruction) => {
      if (instruction.keyword === "FROM") {
        const [image = "", as, alias] = instruction.args.trim().split(/\s+/);
        const inherited = byStage.get(image) ?? false;
        stage = as?.toLowerCase() === "as" && alias ? alias : `#${instruction.line}`;
        byStage.set(stage, inherited);
      }
      const value =
        instruction.keyword === "ENV"
          ? instruction.properties.findLast((p) => p.name === "PIP_NO_CACHE_DIR")
          : undefined;
      if (value) byStage.set(stage, pipNoCacheValue(value.value));
    },
    current: () => byStage.get(stage) ?? false,
  };
}

export function shellInfo(argv: string[]): ShellInfo {
  const program = (argv[0] ?? "").split("/").pop() ?? "";
  const posix = !/^(pwsh|powershell|cmd)(\.exe)?$/i.test(program);
  const dialect =
    program === "bash" || program === "zsh"
      ? "bash"
      : program === "dash" || program === "ash"
        ? "dash"
        : program === "ksh"
          ? "ksh"
          : "sh";
  return { argv, posix, dialect };
}

type EntryFacts = Pick<RunEntry, "line" | "onbuild" | "info" | "pipNoCache" | "declared">;

function runEntry(instruction: Instruction, facts: EntryFacts): RunEntry {
  const script = runScript(instruction);
  return { instruction, script, ...facts, shell: facts.info.posix ? parseShell(script) : emptyShell };
}

/** The shell text a RUN executes: heredoc bodies for `RUN <<EOF`, the joined words for exec form. */
export function runScript(instruction: Instruction): string {
  if (instruction.json) return instruction.json.join(" ");
  const text = instruction.args;
  if (instruction.heredocs.length > 0 && text.trimStart().startsWith("<<"))
    return instruction.heredocs.map((doc) => doc.body).join("\n");
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
