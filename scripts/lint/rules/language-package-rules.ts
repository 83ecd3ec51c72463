// hadolint's rules for language package managers in RUN: pip, npm, gem, go, yarn.
import { afterSubcommand, argsNoFlags, cmdHasArgs, dropFlagArg, hasAnyFlag, isPipInstall } from "../shell/command.ts";
import type { Command } from "../shell/parse-shell.ts";
import { fileRule, runRule, ruleInfo } from "./define.ts";
import { pipNoCacheValue, type Hit, type Rule, type RuleContext, type RunEntry } from "./context.ts";
import { mountCovers } from "./mounts.ts";
import { laterStageUses } from "./stage-reach.ts";

const pipValueFlags = [
  "python",
  "root-user-action",
  "abi",
  "b",
  "build",
  "e",
  "editable",
  "extra-index-url",
  "f",
  "find-links",
  "i",
  "index-url",
  "implementation",
  "no-binary",
  "only-binary",
  "platform",
  "prefix",
  "progress-bar",
  "proxy",
  "python-version",
  "root",
  "src",
  "t",
  "target",
  "trusted-host",
  "upgrade-strategy",
];
const pipVersionSymbols = ["==", ">=", "<=", ">", "<", "!=", "~=", "==="];

/** pip's version control schemes (https://pip.pypa.io/en/stable/topics/vcs-support/). */
const vcsSchemes = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/;

/** hadolint's test: a version specifier, a VCS reference with `@rev`, a wheel or sdist, or a path/URL. */
function pipPinned(p: string): boolean {
  if (pipVersionSymbols.some((s) => p.includes(s))) return true;
  if (vcsSchemes.test(p)) return p.includes("@");
  return p.endsWith(".whl") || p.endsWith(".tar.gz") || p.includes("/");
}

function pipForgotPin(c: Command): boolean {
  if (!isPipInstall(c) || hasAnyFlag(c, ["constraint", "c"])) return false;
  if (c.args.includes("--requirement") || c.args.includes("-r") || c.args.includes(".")) return false;
  return !afterSubcommand(argsNoFlags(dropFlagArg(c, pipValueFlags)), "install").every(pipPinned);
}

function isPipWrapper(c: Command): boolean {
  return ["pipx", "pipenv"].some(
    (w) => c.name.includes(w) || (c.name.startsWith("python") && c.args.join(" ").includes(`-m ${w}`)),
  );
}

/** `PIP_NO_CACHE_DIR=1 pip install …` or `export PIP_NO_CACHE_DIR=yes` earlier in the same script. */
function pipNoCacheInScript(script: string): boolean {
  const values = [...script.matchAll(/(?:^|[\s;&|(])PIP_NO_CACHE_DIR=("[^"]*"|'[^']*'|[^\s;&|)]*)/g)].map((m) =>
    (m[1] ?? "").replace(/^["']|["']$/g, ""),
  );
  return values.length > 0 && pipNoCacheValue(values.at(-1) ?? "");
}

function pipCacheKept(entry: RunEntry): boolean {
  if (
    entry.pipNoCache ||
    !entry.shell.commands.some((c) => isPipInstall(c) && !c.args.includes("--no-cache-dir") && !isPipWrapper(c))
  )
    return false;
  return !pipNoCacheInScript(entry.script) && !mountCovers(entry.instruction, ".cache/pip");
}

function npmPinned(p: string): boolean {
  if (["git://", "git+ssh://", "git+http://", "git+https://"].some((prefix) => p.startsWith(prefix)))
    return p.includes("#");
  if ([".tar", ".tar.gz", ".tgz"].some((suffix) => p.endsWith(suffix))) return true;
  if (["/", "./", "../", "~/"].some((prefix) => p.startsWith(prefix))) return true;
  const unscoped = p.startsWith("@") ? p.slice(p.indexOf("/") + 1) : p;
  return unscoped.includes("@");
}

function npmForgotPin(c: Command): boolean {
  if (!cmdHasArgs(c, "npm", ["install"]) || argsNoFlags(c)[0] !== "install") return false;
  return !afterSubcommand(argsNoFlags(c), "install").every(npmPinned);
}

function gemForgotPin(c: Command): boolean {
  if (!cmdHasArgs(c, "gem", ["install", "i"]) || hasAnyFlag(c, ["v", "version"])) return false;
  const sub = c.args.includes("install") ? "install" : "i";
  return !afterSubcommand(argsNoFlags(c), sub).every((p) => p.includes(":"));
}

/** What `go install`/`go get` fetch, or what `go run` runs (its later words are the program's arguments). */
function goTargets(c: Command): string[] {
  const words = argsNoFlags(c);
  if (c.name !== "go") return [];
  if (words[0] === "run") return words.slice(1, 2);
  return words[0] === "install" || words[0] === "get" ? words.slice(1).filter((word) => word !== "tool") : [];
}

/** A local path has nothing to pin; a module needs `@version` other than `@latest`/`@none`. */
function goPinned(target: string): boolean {
  if (target === "." || target.startsWith("/") || target.startsWith(".")) return true;
  return target.includes("@") && !target.endsWith("@latest") && !target.endsWith("@none");
}

function goForgotPin(c: Command): boolean {
  return !goTargets(c).every(goPinned);
}

/** DL3060: like DL3009, only stages that end up in the image (the last, or one built upon) count. */
function yarnCacheRule(ctx: RuleContext): Hit[] {
  const hits: Hit[] = [];
  for (const entry of ctx.runs) {
    const installs = entry.shell.commands.some((c) => cmdHasArgs(c, "yarn", ["install"]));
    const cleans = entry.shell.commands.some((c) => cmdHasArgs(c, "yarn", ["cache", "clean"]));
    if (installs && !cleans && (entry.onbuild || laterStageUses(ctx, entry.line))) hits.push({ line: entry.line });
  }
  return hits;
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3013: {
    level: "warning",
    message:
      "Pin versions in pip. Instead of `pip install <package>` use " +
      "`pip install <package>==<version>` or `pip install " +
      "--requirement <requirements file>`",
    catches: "`pip install` of a package without a version specifier.",
    why: "Unpinned packages make builds irreproducible.",
    fix: "Use `package==version`, a requirements file or a constraints file.",
  },
  DL3042: {
    level: "warning",
    message: "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
    catches: "`pip install` without `--no-cache-dir`.",
    why: "pip's download cache is dead weight in the image.",
    fix: "Add `--no-cache-dir` (or set `PIP_NO_CACHE_DIR=1`, or use a cache mount).",
  },
  DL3016: {
    level: "warning",
    message: "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`",
    catches: "`npm install <package>` without `@version`.",
    why: "Unpinned packages make builds irreproducible.",
    fix: "Use `package@version`, or `npm ci` with a lockfile.",
  },
  DL3028: {
    level: "warning",
    message: "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`",
    catches: "`gem install` without a version.",
    why: "Unpinned gems make builds irreproducible.",
    fix: "Use `gem:version` or `-v version`.",
  },
  DL3062: {
    level: "warning",
    message: "Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`",
    catches:
      "`go install`, `go get` (also `-tool`) or `go run` of a " +
      "module without `@version`, or with `@latest`; local paths " +
      "are fine.",
    why: "Unpinned modules make builds irreproducible.",
    fix: "Use `go install pkg@vX.Y.Z`.",
  },
  DL3060: {
    level: "info",
    message: "`yarn cache clean` missing after `yarn install` was run.",
    catches: "`yarn install` without `yarn cache clean` in the same RUN, in a stage that ends up in the image.",
    why: "yarn's cache stays in the layer.",
    fix: "End the RUN with `yarn cache clean`.",
    onbuild: true,
  },
});

export const languagePackageRules: Rule[] = [
  runRule(about.DL3013, (shell) => shell.commands.some(pipForgotPin)),
  runRule(about.DL3042, (_shell, entry) => pipCacheKept(entry)),
  runRule(about.DL3016, (shell) => shell.commands.some(npmForgotPin)),
  runRule(about.DL3028, (shell) => shell.commands.some(gemForgotPin)),
  runRule(about.DL3062, (shell) => shell.commands.some(goForgotPin)),
  fileRule(about.DL3060, yarnCacheRule),
];
