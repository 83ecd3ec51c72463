// hadolint's rules for OS package managers in RUN: apt-get, apk, yum, dnf, zypper.
import { argsNoFlags, cmdHasArgs, dropFlagArg, hasAnyFlag, hasArg, hasFlag, noCommand } from "../shell/command.ts";
import type { Command, ParsedShell } from "../shell/parse-shell.ts";
import { runRule, ruleInfo } from "./define.ts";
import type { Rule } from "./context.ts";

const isAptGetInstall = (c: Command): boolean => cmdHasArgs(c, "apt-get", ["install"]);
const rpmPinned = (p: string): boolean => /-\d/.test(p) || p.endsWith(".rpm");

function packagesOf(shell: ParsedShell, name: string, sub: string, dropped: string[]): string[] {
  return shell.commands
    .filter((c) => cmdHasArgs(c, name, [sub]))
    .flatMap((c) => argsNoFlags(dropFlagArg(c, dropped)).filter((arg) => arg !== sub));
}

function installedWithoutCleanup(
  shell: ParsedShell,
  installs: (c: Command) => boolean,
  cleans: (c: Command) => boolean,
): boolean {
  return shell.commands.some(installs) && noCommand(shell, cleans);
}

const rmCache =
  (dir: string) =>
  (c: Command): boolean =>
    c.name === "rm" && c.args.some((arg) => arg.startsWith(dir));

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3008: {
    level: "warning",
    message:
      "Pin versions in apt get install. Instead of `apt-get " +
      "install <package>` use `apt-get install <package>=<version>`",
    catches: "`apt-get install` of a package without `=version`.",
    why: "Unpinned packages change under you between builds, so the same Dockerfile builds different images.",
    fix:
      "Install `package=version` (or a local .deb); or ignore the " +
      "rule where you track a moving distribution on purpose.",
  },
  DL3014: {
    level: "warning",
    message: "Use the `-y` switch to avoid manual input `apt-get -y install <package>`",
    catches: "`apt-get install` without `-y`/`--yes`/`--assume-yes`.",
    why: "Without it apt-get waits for an answer that never comes in a build.",
    fix: "Add `-y`.",
  },
  DL3015: {
    level: "info",
    message: "Avoid additional packages by specifying `--no-install-recommends`",
    catches: "`apt-get install` without `--no-install-recommends`.",
    why: "Recommended packages bloat the image and widen the attack surface.",
    fix: "Add `--no-install-recommends` and list what you really need.",
  },
  DL3027: {
    level: "warning",
    message: "Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead",
    catches: "Any `apt` command.",
    why: "`apt` has no stable CLI for scripts and warns so.",
    fix: "Use `apt-get` or `apt-cache`.",
  },
  DL3018: {
    level: "warning",
    message: "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`",
    catches: "`apk add` of a package without `=version`.",
    why: "Unpinned packages make builds irreproducible.",
    fix: "Use `apk add package=version`.",
  },
  DL3019: {
    level: "info",
    message:
      "Use the `--no-cache` switch to avoid the need to use " +
      "`--update` and remove `/var/cache/apk/*` when done " +
      "installing packages",
    catches: "`apk add` without `--no-cache`.",
    why: "The package index stays in the layer otherwise.",
    fix: "Add `--no-cache`.",
  },
  DL3030: {
    level: "warning",
    message: "Use the -y switch to avoid manual input `yum install -y <package`",
    catches: "`yum install` without `-y`.",
    why: "yum waits for confirmation otherwise.",
    fix: "Add `-y` (`--assumeyes`).",
  },
  DL3032: {
    level: "warning",
    message: "`yum clean all` missing after yum command.",
    catches: "`yum install` without `yum clean all` in the same RUN.",
    why: "The yum cache stays in the layer.",
    fix: "End the RUN with `yum clean all`.",
  },
  DL3033: {
    level: "warning",
    message: "Specify version with `yum install -y <package>-<version>`.",
    catches: "`yum install` of a package without `-version`.",
    why: "Unpinned packages make builds irreproducible.",
    fix: "Use `package-version`.",
  },
  DL3034: {
    level: "warning",
    message: "Non-interactive switch missing from `zypper` command: `zypper install -y`",
    catches: "`zypper install` (and remove, patch…) without `-n`/`-y`.",
    why: "zypper waits for confirmation otherwise.",
    fix: "Add `--non-interactive` or `-y`.",
  },
  DL3035: {
    level: "warning",
    message: "Do not use `zypper dist-upgrade`.",
    catches: "`zypper dist-upgrade`/`dup`.",
    why: "Upgrading the whole distribution belongs in the base image, not in every build.",
    fix: "Use a newer base image.",
  },
  DL3036: {
    level: "warning",
    message: "`zypper clean` missing after zypper use.",
    catches: "`zypper install` without `zypper clean` in the same RUN.",
    why: "The zypper cache stays in the layer.",
    fix: "End the RUN with `zypper clean`.",
  },
  DL3037: {
    level: "warning",
    message: "Specify version with `zypper install -y <package>=<version>`.",
    catches: "`zypper install` of a package without a version.",
    why: "Unpinned packages make builds irreproducible.",
    fix: "Use `package=version` (or `>=`, `<`).",
  },
});

export const osPackageRules: Rule[] = [
  runRule(
    about.DL3008,
    (shell) =>
      !packagesOf(shell, "apt-get", "install", ["t", "target-release"]).every(
        (p) => p.includes("=") || p.includes("/") || p.endsWith(".deb"),
      ),
  ),
  runRule(about.DL3014, (shell) =>
    shell.commands.some((c) => isAptGetInstall(c) && !hasAnyFlag(c, ["y", "yes", "q", "assume-yes"])),
  ),
  runRule(about.DL3015, (shell) =>
    shell.commands.some(
      (c) => isAptGetInstall(c) && !hasFlag(c, "no-install-recommends") && !hasArg(c, "APT::Install-Recommends=false"),
    ),
  ),
  runRule(about.DL3027, (shell) => shell.commands.some((c) => c.name === "apt")),
  runRule(
    about.DL3018,
    (shell) => !packagesOf(shell, "apk", "add", ["t", "virtual", "repository", "X"]).every((p) => p.includes("=")),
  ),
  runRule(about.DL3019, (shell) =>
    shell.commands.some((c) => cmdHasArgs(c, "apk", ["add"]) && !hasFlag(c, "no-cache")),
  ),
  runRule(about.DL3030, (shell) =>
    shell.commands.some(
      (c) => cmdHasArgs(c, "yum", ["install", "groupinstall", "localinstall"]) && !hasAnyFlag(c, ["y", "assumeyes"]),
    ),
  ),
  runRule(about.DL3032, (shell) =>
    installedWithoutCleanup(
      shell,
      (c) => cmdHasArgs(c, "yum", ["install"]),
      (c) => (cmdHasArgs(c, "yum", ["clean"]) && hasArg(c, "all")) || rmCache("/var/cache/yum")(c),
    ),
  ),
  runRule(about.DL3033, (shell) => !packagesOf(shell, "yum", "install", []).every(rpmPinned)),
  runRule(about.DL3034, (shell) =>
    shell.commands.some(
      (c) =>
        cmdHasArgs(c, "zypper", ["install", "in", "remove", "rm", "source-install", "si", "patch"]) &&
        !hasAnyFlag(c, ["non-interactive", "n", "no-confirm", "y"]),
    ),
  ),
  runRule(about.DL3035, (shell) => shell.commands.some((c) => cmdHasArgs(c, "zypper", ["dist-upgrade", "dup"]))),
  runRule(about.DL3036, (shell) =>
    installedWithoutCleanup(
      shell,
      (c) => cmdHasArgs(c, "zypper", ["install", "in"]),
      (c) => cmdHasArgs(c, "zypper", ["clean", "cc"]),
    ),
  ),
  runRule(
    about.DL3037,
    (shell) =>
      !packagesOf(shell, "zypper", "install", [])
        .concat(packagesOf(shell, "zypper", "in", []))
        .every((p) => /[=<>]/.test(p) || p.endsWith(".rpm")),
  ),
];
