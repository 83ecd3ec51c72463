// hadolint's other RUN rules: commands that make no sense in a build, cd, sudo, wget/curl,
// pipes without pipefail, apt list cleanup, consecutive RUNs.
import type { Instruction } from "../dockerfile/model.ts";
import { cmdHasArgs, flagValues, hasAnyFlag } from "../shell/command.ts";
import { parseShell } from "../shell/parse-shell.ts";
import { fileRule, runRule, ruleInfo } from "./define.ts";
import type { Hit, Rule, RuleContext, RunEntry } from "./context.ts";
import { mountCovers } from "./mounts.ts";
import { laterStageUses, stageAt } from "./stage-reach.ts";

const pointless = new Set(["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"]);

/** `apt-get update` or `apt update` without `rm -rf /var/lib/apt/lists/*`, a cache or a tmpfs mount on the lists. */
function aptListsKept(entry: RunEntry): boolean {
  const commands = entry.shell.commands;
  if (!commands.some((c) => cmdHasArgs(c, "apt-get", ["update"]) || cmdHasArgs(c, "apt", ["update"]))) return false;
  const covered = (dir: string): boolean => mountCovers(entry.instruction, dir);
  if (covered("/var/lib/apt/lists") || (covered("/var/lib/apt") && covered("/var/cache/apt"))) return false;
  return !commands.some((c) => cmdHasArgs(c, "rm", ["-rf", "/var/lib/apt/lists/*"]));
}

function aptListsRule(ctx: RuleContext): Hit[] {
  return ctx.runs
    .filter((entry) => entry.info.posix && aptListsKept(entry) && (entry.onbuild || laterStageUses(ctx, entry.line)))
    .map((entry) => ({ line: entry.line }));
}

function curlAndWgetRule(ctx: RuleContext): Hit[] {
  const hits: Hit[] = [];
  const seen = new Map<number, Set<string>>();
  for (const entry of ctx.runs.filter((item) => !item.onbuild)) {
    const key = stageAt(ctx, entry.line)?.index ?? -1;
    const tools = seen.get(key) ?? new Set<string>();
    const here = entry.shell.commands.map((c) => c.name).filter((name) => name === "curl" || name === "wget");
    here.forEach((name) => tools.add(name));
    seen.set(key, tools);
    if (here.length > 0 && tools.size >= 2) hits.push({ line: entry.line });
  }
  return hits;
}

const pipefailShells = new Set(["/bin/bash", "/bin/zsh", "/bin/ash", "bash", "zsh", "ash"]);

const runIndex = new WeakMap<RuleContext, Map<Instruction, RunEntry>>();

/** The parsed RUN of an instruction, through a per-file index (a scan per RUN would be quadratic). */
function runOf(ctx: RuleContext, instruction: Instruction): RunEntry | undefined {
  let index = runIndex.get(ctx);
  if (!index) {
    index = new Map(ctx.runs.map((entry) => [entry.instruction, entry]));
    runIndex.set(ctx, index);
  }
  return index.get(instruction);
}

function pipefailRule(ctx: RuleContext): Hit[] {
  const hits: Hit[] = [];
  let pipefail = false;
  for (const instruction of ctx.model.instructions) {
    if (instruction.keyword === "FROM") pipefail = false;
    if (instruction.keyword === "SHELL") {
      const text = (instruction.json ?? [instruction.args]).join(" ");
      pipefail =
        text.startsWith("pwsh") ||
        parseShell(text).commands.some(
          (c) => pipefailShells.has(c.name) && hasAnyFlag(c, ["o"]) && c.args.includes("pipefail"),
        );
    }
    const entry = instruction.keyword === "RUN" ? runOf(ctx, instruction) : undefined;
    if (entry && !pipefail && entry.info.posix && entry.shell.hasPipes) hits.push({ line: instruction.line });
  }
  return hits;
}

function consecutiveRunRule(ctx: RuleContext): Hit[] {
  const hits: Hit[] = [];
  let previous: { flags: string; count: number } | undefined;
  for (const instruction of ctx.model.instructions) {
    if (instruction.keyword !== "RUN") {
      previous = undefined;
      continue;
    }
    const flags = instruction.flags.map((f) => `${f.name}=${f.value ?? ""}`).join(" ");
    const count = runOf(ctx, instruction)?.shell.commands.length ?? 0;
    if (previous && previous.flags === flags && count <= 2 && previous.count <= 2)
      hits.push({ line: instruction.line });
    else previous = { flags, count };
  }
  return hits;
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3001: {
    level: "info",
    message:
      "For some bash commands it makes no sense running them in a " +
      "Docker container like `ssh`, `vim`, `shutdown`, `service`, " +
      "`ps`, `free`, `top`, `kill`, `mount`, `ifconfig`",
    catches: "Interactive or host-management commands (ssh, vim, service, ps, top, kill, mount…) in RUN.",
    why: "A build has no services, terminal or processes to manage; these do nothing useful or hang.",
    fix: "Remove them; configure the image instead.",
  },
  DL3003: {
    level: "warning",
    message: "Use WORKDIR to switch to a directory",
    catches: "`cd` inside RUN.",
    why: "The directory change is lost after the RUN and hides where later instructions run.",
    fix: "Use `WORKDIR`, or a subshell/`-C` flag for one command.",
  },
  DL3004: {
    level: "error",
    message: "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root",
    catches: "`sudo` in RUN.",
    why: "Builds already run as the current USER; sudo adds a TTY and PAM dependency and surprises.",
    fix: "Switch with `USER root` for the step, or use gosu at runtime.",
  },
  DL3046: {
    level: "warning",
    message: "`useradd` without flag `-l` and high UID will result in excessively large Image.",
    catches: "`useradd -u <long uid>` without `-l`.",
    why: "useradd writes a sparse lastlog entry sized by the UID, which can inflate the layer by gigabytes.",
    fix: "Add `-l` (`--no-log-init`).",
  },
  DL3047: {
    level: "info",
    message:
      "Avoid use of wget without progress bar. Use `wget " +
      "--progress=dot:giga <url>`. Or consider using `-q` or `-nv` " +
      "(shorthands for `--quiet` or `--no-verbose`).",
    catches: "`wget` without `--progress`, `-q`, `-nv` or an output log flag.",
    why: "wget's default progress output floods build logs.",
    fix: "Add `--progress=dot:giga` or `-q`/`-nv`.",
  },
  DL4005: {
    level: "warning",
    message: "Use SHELL to change the default shell",
    catches: "`ln … /bin/sh` in RUN.",
    why: "Relinking /bin/sh changes every later script silently.",
    fix: "Use the `SHELL` instruction.",
  },
  DL3009: {
    level: "info",
    message: "Delete the apt-get lists after installing something",
    catches:
      "`apt-get update` (or `apt update`) without `rm -rf " +
      "/var/lib/apt/lists/*` in the same RUN or a cache/tmpfs " +
      "mount on the lists, in a stage that ends up in the image.",
    why: "The package lists (tens of MB) stay in the layer.",
    fix: "End the RUN with `rm -rf /var/lib/apt/lists/*`, or use a cache mount for /var/lib/apt/lists.",
    onbuild: true,
  },
  DL4001: {
    level: "warning",
    message: "Either use Wget or Curl but not both",
    catches: "Both `curl` and `wget` used in one stage.",
    why: "Two download tools where one does the job.",
    fix: "Pick one.",
  },
  DL4006: {
    level: "warning",
    message:
      "Set the SHELL option -o pipefail before RUN with a pipe in " +
      "it. If you are using /bin/sh in an alpine image or if your " +
      "shell is symlinked to busybox then consider explicitly " +
      "setting your SHELL to /bin/ash, or disable this check",
    catches: "A RUN with a pipe while the stage's SHELL has no `-o pipefail`.",
    why: "Without pipefail, a failing command before `|` is ignored and the build goes on.",
    fix: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN.',
  },
  DL3059: {
    level: "info",
    message: "Multiple consecutive `RUN` instructions. Consider consolidation.",
    catches: "Back-to-back RUNs with the same flags, each running at most two commands.",
    why: "Every RUN is a layer; tiny consecutive ones add size and build time.",
    fix: "Join them with `&&` (or a heredoc).",
  },
});

export const runRules: Rule[] = [
  runRule(about.DL3001, (shell) => shell.commands.some((c) => pointless.has(c.name))),
  runRule(about.DL3003, (shell) => shell.commands.some((c) => c.name === "cd")),
  runRule(about.DL3004, (shell) => shell.commands.some((c) => c.name === "sudo")),
  runRule(about.DL3046, (shell) =>
    shell.commands.some(
      (c) =>
        c.name === "useradd" &&
        !hasAnyFlag(c, ["l", "no-log-init"]) &&
        hasAnyFlag(c, ["u", "uid"]) &&
        flagValues(c, ["u", "uid"]).some((uid) => uid.length > 5),
    ),
  ),
  runRule(about.DL3047, (shell) =>
    shell.commands.some(
      (c) =>
        c.name === "wget" &&
        !hasAnyFlag(c, ["progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose"]) &&
        !c.args.includes("-nv"),
    ),
  ),
  runRule(about.DL4005, (shell) => shell.commands.some((c) => cmdHasArgs(c, "ln", ["/bin/sh"]))),
  fileRule(about.DL3009, aptListsRule),
  fileRule(about.DL4001, curlAndWgetRule),
  fileRule(about.DL4006, pipefailRule),
  fileRule(about.DL3059, consecutiveRunRule),
];
