// hadolint's dnf rules (DL3038, DL3040, DL3041) for dnf, dnf5 and microdnf, with every spelling of an
// install (`in`, `up`, `rei`, `upgrade-minimal`…), module and group installs, cache mounts and versions
// given through declared ARG/ENV variables.
import { argsNoFlags, hasAnyFlag } from "../shell/command.ts";
import type { Command } from "../shell/parse-shell.ts";
import { runRule, ruleInfo } from "./define.ts";
import type { Rule, RunEntry } from "./context.ts";
import { mountCovers } from "./mounts.ts";

const dnfNames = new Set(["dnf", "dnf5", "microdnf"]);
const installs = new Set([
  "install",
  "in",
  "groupinstall",
  "localinstall",
  "upgrade",
  "up",
  "upgrade-minimal",
  "up-min",
  "reinstall",
  "rei",
]);
const cacheDirs = ["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"];

const isDnf = (c: Command): boolean => dnfNames.has(c.name);
/** hadolint looks for the subcommand among all arguments, so `dnf --releasever 39 install x` counts. */
const isInstall = (c: Command): boolean => isDnf(c) && c.args.some((arg) => installs.has(arg));
const isModule = (c: Command): boolean => c.args.includes("module");
/** `dnf group install "Dev Tools"` and `groupinstall` name groups, which have no version. */
const isGroup = (c: Command): boolean => c.args.includes("group") || c.args.includes("groupinstall");

/** What an install names: packages, or `name:stream` modules after `module install`. */
function installTargets(c: Command): string[] {
  return isInstall(c) ? argsNoFlags(c).filter((arg) => !installs.has(arg) && arg !== "module") : [];
}

const versionChar = /^[A-Za-z0-9.~^_:+]+$/;

/** hadolint's rule: after the first dash, parts of version characters, one starting with a digit. */
export function rpmVersionFixed(entry: RunEntry, target: string): boolean {
  const parts = target.split("-");
  if (parts.length <= 1) return false;
  if (target.endsWith(".rpm")) return true;
  if (target.includes("$")) return variablesIn(target).every(entry.declared);
  const rest = parts.slice(1);
  return rest.every((part) => versionChar.test(part)) && rest.some((part) => /^\d/.test(part));
}

/** Names in `$NAME` and `${NAME…}`; an unbraced special like `$1` counts as unknown. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*|[^A-Za-z_{])/g)].map((match) => match[1] ?? "");
}

function unpinned(entry: RunEntry): boolean {
  return entry.shell.commands.some((c) => {
    if (isModule(c)) return installTargets(c).some((m) => !m.includes(":"));
    return !isGroup(c) && installTargets(c).some((p) => !rpmVersionFixed(entry, p));
  });
}

const cleans =
  (name: string) =>
  (c: Command): boolean =>
    (c.name === name && c.args.includes("clean") && c.args.includes("all")) ||
    (c.name === "rm" && c.args.some((arg) => cacheDirs.some((dir) => arg.startsWith(dir))));

/** Per dnf flavour: an install with no clean after it (a clean before the install does not count). */
function uncleaned(entry: RunEntry): boolean {
  if (cacheDirs.some((dir) => mountCovers(entry.instruction, dir))) return false;
  const commands = entry.shell.commands;
  return [...dnfNames].some((name) => {
    const install = commands.findIndex((c) => c.name === name && isInstall(c));
    return install !== -1 && !commands.slice(install + 1).some(cleans(name));
  });
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3038: {
    level: "warning",
    message: "Use the -y switch to avoid manual input `dnf install -y <package`",
    catches:
      "`dnf`/`dnf5`/`microdnf` installs (`install`, `in`, " +
      "`upgrade`, `reinstall`, group/module installs…) without " +
      "`-y`.",
    why: "dnf waits for confirmation otherwise.",
    fix: "Add `-y` (`--assumeyes`).",
  },
  DL3040: {
    level: "warning",
    message: "`dnf clean all` missing after dnf command.",
    catches:
      "A dnf install with no `dnf clean all` (or `rm -rf " +
      "/var/cache/dnf…`) after it in the same RUN, and no cache or " +
      "tmpfs mount on the dnf cache.",
    why: "The dnf cache stays in the layer.",
    fix: "End the RUN with `dnf clean all`, or mount a cache on /var/cache/dnf (/var/cache/libdnf5 for dnf5).",
  },
  DL3041: {
    level: "warning",
    message: "Specify version with `dnf install -y <package>-<version>`.",
    catches:
      "A dnf install of a package without `-version` (a declared " +
      "ARG/ENV variable counts), or of a module without `:stream`.",
    why: "Unpinned packages make builds irreproducible.",
    fix: "Use `package-version` or `module:stream`.",
  },
});

export const dnfRules: Rule[] = [
  runRule(about.DL3038, (shell) => shell.commands.some((c) => isInstall(c) && !hasAnyFlag(c, ["y", "assumeyes"]))),
  runRule(about.DL3040, (_shell, entry) => uncleaned(entry)),
  runRule(about.DL3041, (_shell, entry) => unpinned(entry)),
];
