// hadolint's rules about single instructions: WORKDIR, EXPOSE, ADD/COPY, CMD/ENTRYPOINT, ENV, USER, ONBUILD, order.
import type { Instruction } from "../dockerfile/model.ts";
import { dropQuotes, fileRule, instructionRule, ruleInfo } from "./define.ts";
import type { Hit, Rule, RuleContext } from "./context.ts";

const archiveSuffixes = [
  ".tar",
  ".tar.bz2",
  ".tb2",
  ".tbz",
  ".tbz2",
  ".tar.gz",
  ".tgz",
  ".tpz",
  ".tar.lz",
  ".tar.lzma",
  ".tlz",
  ".tar.xz",
  ".txz",
  ".tar.Z",
  ".tZ",
];
const addArchiveSuffixes = [
  ".tar",
  ".gz",
  ".bz2",
  ".xz",
  ".zip",
  ".tgz",
  ".tb2",
  ".tbz",
  ".tbz2",
  ".lz",
  ".lzma",
  ".tlz",
  ".txz",
  ".Z",
  ".tZ",
];
const sensitiveNames = new Set([
  "ACCESS_TOKEN",
  "APPLICATION_KEY",
  "APP_SECRET",
  "AUTH_TOKEN",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "BITTREX_API_KEY",
  "BITTREX_API_SECRET",
  "CF_PASSWORD",
  "CF_USERNAME",
  "CIRCLE_TOKEN",
  "CI_DEPLOY_PASSWORD",
  "CI_DEPLOY_USER",
  "DOCKERHUB_PASSWORD",
  "DOCKER_EMAIL",
  "DOCKER_PASSWORD",
  "DOCKER_USERNAME",
  "FACEBOOK_ACCESS_TOKEN",
  "FACEBOOK_APP_ID",
  "FACEBOOK_APP_SECRET",
  "FIREBASE_API_TOKEN",
  "FIREBASE_TOKEN",
  "FOSSA_API_KEY",
  "GH_ENTERPRISE_TOKEN",
  "GH_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "GITHUB_TOKEN",
  "HEROKU_API_KEY",
  "HEROKU_API_USER",
  "NPM_AUTH_TOKEN",
  "NPM_TOKEN",
  "OKTA_AUTHN_GROUPID",
  "OKTA_CLIENT_ORGURL",
  "OKTA_CLIENT_TOKEN",
  "OKTA_OAUTH2_CLIENTID",
  "OKTA_OAUTH2_CLIENTSECRET",
  "OPENAI_API_KEY",
  "OS_PASSWORD",
  "OS_USERNAME",
  "POSTGRES_PASSWORD",
  "SLACK_TOKEN",
  "STRIPE_API_KEY",
  "STRIPE_DEVICE_NAME",
  "TRAVIS_OS_NAME",
  "TRAVIS_SECURE_ENV_VARS",
  "TRAVIS_SUDO",
  "VAULT_CLIENT_KEY",
  "VAULT_TOKEN",
]);
const suspicious = ["api_key", "client_key", "password", "private", "secret", "token", "username"];

/** Source and destination words of COPY/ADD (flags are already removed by the parser). */
export function copyWords(instruction: Instruction): string[] {
  return instruction.json ?? instruction.words;
}

function relativeWorkdir(instruction: Instruction): boolean {
  const dir = dropQuotes(instruction.args.trim());
  return !(dir.startsWith("/") || dir.startsWith("$") || /^[A-Za-z]:[\\/]/.test(dir));
}

function badPort(instruction: Instruction): boolean {
  return instruction.args
    .trim()
    .split(/\s+/)
    .some((word) => {
      const port = word.split("/")[0] ?? "";
      return port.split("-").some((part) => /^\d+$/.test(part) && Number(part) > 65535);
    });
}

/** `ENV A=1 B=$A`: B sees the old A, not 1. */
function selfReferencingEnv(instruction: Instruction): boolean {
  const defined: string[] = [];
  for (const { name, value } of instruction.properties) {
    if (defined.some((earlier) => referencesVariable(value, earlier))) return true;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) defined.push(name);
  }
  return false;
}

/** `$NAME` or `${NAME…}` in text; names are plain identifiers, checked before we get here. */
function referencesVariable(text: string, name: string): boolean {
  for (let at = text.indexOf("$"); at !== -1; at = text.indexOf("$", at + 1)) {
    const braced = text[at + 1] === "{";
    const start = at + (braced ? 2 : 1);
    if (!text.startsWith(name, start)) continue;
    const next = text[start + name.length] ?? "";
    if (braced ? next === "}" || next === ":" : !/[A-Za-z0-9_]/.test(next)) return true;
  }
  return false;
}

function sensitive(instruction: Instruction): boolean {
  const names =
    instruction.keyword === "ARG"
      ? [instruction.args.trim().split("=")[0] ?? ""]
      : instruction.properties.map((p) => p.name);
  return names.some(
    (name) => sensitiveNames.has(name.toUpperCase()) || suspicious.some((s) => name.toLowerCase().includes(s)),
  );
}

/** DL3045: per stage (inherited from the parent stage), whether WORKDIR was set before COPY. */
function copyWithoutWorkdir(ctx: RuleContext): Hit[] {
  const set = new Map<string, boolean>();
  let current = "";
  const hits: Hit[] = [];
  for (const instruction of ctx.model.instructions) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.trim().split(/\s+/);
      const image = words[0] ?? "";
      current = words[1]?.toLowerCase() === "as" ? (words[2] ?? image) : image;
      set.set(current, set.get(image) ?? false);
    } else if (instruction.keyword === "WORKDIR") set.set(current, true);
    else if (instruction.keyword === "COPY" && !set.get(current)) {
      const dest = dropQuotes(copyWords(instruction).at(-1) ?? "/");
      const absolute = dest.startsWith("/") || dest.startsWith("$") || /^.:[\\/]/.test(dest);
      if (!absolute) hits.push({ line: instruction.line });
    }
  }
  return hits;
}

function beforeFirstFrom(ctx: RuleContext): Hit[] {
  const firstFrom = ctx.model.instructions.findIndex((item) => item.keyword === "FROM");
  const before = firstFrom === -1 ? ctx.model.instructions : ctx.model.instructions.slice(0, firstFrom);
  return before.filter((item) => item.keyword !== "ARG").map((item) => ({ line: item.line }));
}

function noUserAfterLastFrom(ctx: RuleContext): Hit[] {
  const last = ctx.stages.at(-1);
  if (!last || last.instructions.some((item) => item.keyword === "USER")) return [];
  return [{ line: last.from.line + 1 }];
}

function noHealthcheck(ctx: RuleContext): Hit[] {
  return ctx.model.instructions.some((item) => item.keyword === "HEALTHCHECK") || ctx.model.instructions.length === 0
    ? []
    : [{ line: 1 }];
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3000: {
    level: "error",
    message: "Use absolute WORKDIR",
    catches: "WORKDIR with a relative path.",
    why: "A relative WORKDIR depends on every earlier WORKDIR; it is easy to land somewhere unexpected.",
    fix: "Use an absolute path (or a variable holding one).",
  },
  DL3010: {
    level: "info",
    message: "Use ADD for extracting archives into an image",
    catches: "COPY of a local tar archive.",
    why: "ADD extracts local tarballs in one step and one layer.",
    fix: "Use `ADD archive.tar.gz /dest/`.",
  },
  DL3011: {
    level: "error",
    message: "Valid UNIX ports range from 0 to 65535",
    catches: "EXPOSE of a port above 65535.",
    why: "No such port exists.",
    fix: "Fix the port number.",
  },
  DL3020: {
    level: "error",
    message: "Use COPY instead of ADD for files and folders",
    catches: "ADD of plain files or folders (not a URL, not an archive).",
    why: "ADD's magic (URLs, extraction) surprises; COPY says what it does.",
    fix: "Use COPY.",
  },
  DL3021: {
    level: "error",
    message: "COPY with more than 2 arguments requires the last argument to end with /",
    catches: "COPY of several sources to a destination without a trailing slash.",
    why: "Docker refuses it: several files need a directory.",
    fix: "End the destination with `/`.",
  },
  DL3025: {
    level: "warning",
    message: "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
    catches: "CMD or ENTRYPOINT in shell form.",
    why: "Shell form runs under /bin/sh -c, so the app is not PID 1 and never gets SIGTERM.",
    fix: 'Use `CMD ["app", "arg"]`.',
  },
  DL3043: {
    level: "error",
    message: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.",
    catches: "ONBUILD ONBUILD, ONBUILD FROM, ONBUILD MAINTAINER.",
    why: "Docker forbids these triggers.",
    fix: "Remove the trigger.",
  },
  DL3044: {
    level: "error",
    message: "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
    catches: "`ENV A=1 B=$A`.",
    why: "B gets the value A had before this ENV, not the new one.",
    fix: "Split it into two ENV instructions.",
  },
  DL3045: {
    level: "warning",
    message: "`COPY` to a relative destination without `WORKDIR` set.",
    catches: "COPY to a relative path before any WORKDIR in the stage.",
    why: "The destination then depends on the base image's working directory.",
    fix: "Set WORKDIR first or copy to an absolute path.",
  },
  DL3057: {
    level: "ignore",
    message: "`HEALTHCHECK` instruction missing.",
    catches: "A Dockerfile without HEALTHCHECK.",
    why: "Orchestrators cannot tell a hung container from a healthy one.",
    fix: "Add a HEALTHCHECK (see IMG003 for the production policy).",
  },
  DL3061: {
    level: "error",
    message: "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.",
    catches: "Instructions other than ARG before the first FROM.",
    why: "Docker refuses them.",
    fix: "Start with FROM (ARGs may come first).",
  },
  DL3063: {
    level: "ignore",
    message: "A USER should be set after the last FROM",
    catches: "A final stage without USER.",
    why: "The image then runs as its base image's user, usually root.",
    fix: "Add `USER <non-root>` to the final stage.",
  },
  DL3064: {
    level: "warning",
    message: "Potentially sensitive data should not be used in the `ARG` or `ENV` commands",
    catches: "ARG/ENV names that look like credentials (TOKEN, PASSWORD, SECRET…).",
    why: "ARG and ENV values end up in the image metadata and history.",
    fix: "Use a BuildKit secret mount: `RUN --mount=type=secret,id=…`.",
    onbuild: true,
  },
  DL3066: {
    level: "info",
    message: "Non-numeric user-id may not be resolvable by host system",
    catches: "USER by name instead of numeric UID.",
    why: "Kubernetes' runAsNonRoot and host tooling need a numeric UID.",
    fix: "Use `USER 10001:10001`.",
  },
  DL4000: {
    level: "error",
    message: "MAINTAINER is deprecated",
    catches: "MAINTAINER.",
    why: "Deprecated by Docker.",
    fix: "Use `LABEL org.opencontainers.image.authors=…`.",
  },
  DL1001: {
    level: "ignore",
    message: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.",
    catches: "Any `# hadolint ignore=` pragma.",
    why: "Some teams want every exception in the config file.",
    fix: "Move the exception to .hadolint.yaml.",
  },
});

export const instructionRules: Rule[] = [
  instructionRule(about.DL3000, ["WORKDIR"], relativeWorkdir),
  instructionRule(about.DL3010, ["COPY"], (instruction) =>
    copyWords(instruction)
      .slice(0, -1)
      .some((src) => archiveSuffixes.some((suffix) => src.endsWith(suffix))),
  ),
  instructionRule(about.DL3011, ["EXPOSE"], badPort),
  instructionRule(
    about.DL3020,
    ["ADD"],
    (instruction) =>
      instruction.heredocs.length === 0 &&
      !copyWords(instruction)
        .slice(0, -1)
        .every((src) => /^https?:\/\//.test(src) || addArchiveSuffixes.some((suffix) => src.endsWith(suffix))),
  ),
  instructionRule(about.DL3021, ["COPY"], (instruction) => {
    const words = copyWords(instruction);
    return instruction.heredocs.length === 0 && words.length > 2 && !dropQuotes(words.at(-1) ?? "").endsWith("/");
  }),
  instructionRule(about.DL3025, ["CMD", "ENTRYPOINT"], (instruction) => instruction.json === undefined),
  instructionRule(about.DL3043, ["ONBUILD"], (instruction) =>
    ["ONBUILD", "FROM", "MAINTAINER"].includes(instruction.trigger?.keyword ?? ""),
  ),
  instructionRule(about.DL3044, ["ENV"], selfReferencingEnv),
  fileRule(about.DL3045, copyWithoutWorkdir),
  fileRule(about.DL3057, noHealthcheck),
  fileRule(about.DL3061, beforeFirstFrom),
  fileRule(about.DL3063, noUserAfterLastFrom),
  instructionRule(about.DL3064, ["ARG", "ENV"], sensitive),
  instructionRule(about.DL3066, ["USER"], (instruction) => !/^\d*$/.test(instruction.args.trim().split(":")[0] ?? "")),
  instructionRule(about.DL4000, ["MAINTAINER"], () => true),
  fileRule(about.DL1001, (ctx) =>
    ctx.model.comments
      .filter((comment) => /^hadolint\s+ignore\s*=/.test(comment.text))
      .map((comment) => ({ line: comment.line + 1 })),
  ),
];
