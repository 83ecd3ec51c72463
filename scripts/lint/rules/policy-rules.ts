// The project's production policy (IMG codes): what every shipped image's final stage must do.
// Configured like hadolint's rules (ignored, override, pragmas).
import { parseImageRef, registryMatches } from "../dockerfile/image-ref.ts";
import type { Instruction } from "../dockerfile/model.ts";
import { fileRule, ruleInfo } from "./define.ts";
import type { Hit, Rule, RuleContext, Stage } from "./context.ts";
import { stageLabels } from "./label-rules.ts";
import { parsePragma } from "../pragmas.ts";
import { secretName, secretValue } from "./secrets.ts";

export const ociLabels = ["title", "description", "version", "revision", "created", "source"].map(
  (key) => `org.opencontainers.image.${key}`,
);
const inits = new Set(["tini", "tini-static", "dumb-init", "docker-init", "catatonit"]);

function finalStage(ctx: RuleContext): Stage | undefined {
  return ctx.stages.at(-1);
}

function runsAsRoot(ctx: RuleContext): Hit[] {
  const stage = finalStage(ctx);
  if (!stage) return [];
  const user = stage.instructions.filter((item) => item.keyword === "USER").at(-1);
  const name = user?.args.trim().split(":")[0];
  if (user ? name !== "root" && name !== "0" : inheritsPolicy(ctx, stage)) return [];
  return [
    {
      line: (user ?? stage.from).line,
      message: user
        ? "The final stage switches back to root: end it with USER <non-root uid>."
        : "The final stage runs as root: add USER <non-root uid> (e.g. USER 10001:10001).",
    },
  ];
}

/** A final stage built FROM one of our own bases inherits ENTRYPOINT, HEALTHCHECK and USER from it. */
function inheritsPolicy(ctx: RuleContext, stage: Stage): boolean {
  const image = resolveImage(ctx, stage.from);
  if (image === undefined || ctx.config.inheritFrom.length === 0) return false;
  const ref = parseImageRef(image);
  const repository = ref.registry ? `${ref.registry}/${ref.name}` : ref.name;
  return ctx.config.inheritFrom.some((pattern) => registryMatches(repository, pattern));
}

function noInit(ctx: RuleContext): Hit[] {
  const stage = finalStage(ctx);
  if (!stage || inheritsPolicy(ctx, stage)) return [];
  const entrypoint = stage.instructions.filter((item) => item.keyword === "ENTRYPOINT").at(-1);
  const first = entrypoint ? ((entrypoint.json ?? entrypoint.args.trim().split(/\s+/))[0] ?? "") : "";
  return inits.has(first.split("/").pop() ?? "") ? [] : [{ line: (entrypoint ?? stage.from).line }];
}

function noHealthcheck(ctx: RuleContext): Hit[] {
  const stage = finalStage(ctx);
  if (!stage) return [];
  const check = stage.instructions.filter((item) => item.keyword === "HEALTHCHECK").at(-1);
  if (check ? check.args.trim().toUpperCase() !== "NONE" : inheritsPolicy(ctx, stage)) return [];
  return [{ line: (check ?? stage.from).line }];
}

/** Global ARG defaults, so `FROM ${BASE}` is checked against what it resolves to. */
function resolveImage(ctx: RuleContext, from: Instruction): string | undefined {
  const image = from.args.trim().split(/\s+/)[0] ?? "";
  const defaults = new Map<string, string>();
  for (const instruction of ctx.model.instructions) {
    if (instruction.keyword === "FROM") break;
    if (instruction.keyword === "ARG") for (const p of instruction.properties) defaults.set(p.name, p.value);
  }
  const resolved = image.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}?/g,
    (_, name: string, fallback: string | undefined) => defaults.get(name) || (fallback ? fallback.slice(2) : `\u0000`),
  );
  return resolved.includes("\u0000") ? undefined : resolved;
}

function baseImages(
  ctx: RuleContext,
  visit: (ref: ReturnType<typeof parseImageRef>, line: number) => Hit | undefined,
): Hit[] {
  const aliases = new Set(ctx.stages.flatMap((stage) => (stage.alias ? [stage.alias] : [])));
  return ctx.stages.flatMap((stage) => {
    const image = resolveImage(ctx, stage.from);
    if (image === undefined || aliases.has(image) || image === "scratch") return [];
    return [visit(parseImageRef(image), stage.from.line)].filter((hit): hit is Hit => hit !== undefined);
  });
}

function secrets(ctx: RuleContext, byValue: boolean): Hit[] {
  const hits: Hit[] = [];
  for (const instruction of ctx.model.instructions) {
    const target = instruction.trigger ?? instruction;
    if (!["ENV", "ARG", "LABEL"].includes(target.keyword)) continue;
    for (const { name, value } of target.properties) {
      const found = byValue ? secretValue(value) : secretName(name) && target.keyword !== "LABEL" ? name : undefined;
      if (found)
        hits.push({
          line: instruction.line,
          message: byValue
            ? `${target.keyword} ${name} holds what looks like ${found}: ` +
              `never bake credentials into an image; pass them with RUN ` +
              `--mount=type=secret,id=… instead.`
            : `${target.keyword} ${name} looks like a credential: ` +
              `${target.keyword} values stay in the image metadata and ` +
              `history; use RUN ` +
              `--mount=type=secret,id=${name.toLowerCase()} instead.`,
        });
    }
  }
  return hits;
}

function missingOciLabels(ctx: RuleContext): Hit[] {
  const stage = finalStage(ctx);
  if (!stage) return [];
  // With a label-schema, DL3049 already names each missing label; IMG008 only adds what the schema lacks.
  const schema = Object.keys(ctx.config.labelSchema);
  const wanted = ctx.config.requiredLabels.length > 0 ? ctx.config.requiredLabels : ociLabels;
  const required = wanted.filter((name) => !schema.includes(name));
  const present = stageLabels(ctx, stage);
  const missing = required.filter((name) => !present.has(name) && !ctx.bakeLabels.has(name));
  return missing.length === 0
    ? []
    : [{ line: stage.from.line, message: `Missing OCI labels in the final stage: ${missing.join(", ")}.` }];
}

function unpinnedSyntax(ctx: RuleContext): Hit[] {
  for (const [index, line] of ctx.model.source.split("\n").entries()) {
    const match = /^#\s*syntax\s*=\s*(\S+)/i.exec(line.trim());
    if (match?.[1])
      return match[1].includes("@sha256:")
        ? []
        : [
            {
              line: index + 1,
              message:
                `The syntax directive ${match[1]} is not pinned: append ` +
                `@sha256:<digest> so the frontend cannot change under you.`,
            },
          ];
    if (!/^#\s*\w+\s*=/.test(line.trim())) return [];
  }
  return [];
}

/** Every exception needs its reason beside it, in a form hadolint also understands. */
function pragmaReasons(ctx: RuleContext): Hit[] {
  return ctx.model.comments.flatMap((comment) => {
    if (!/^hadolint\s/.test(comment.text) || /^hadolint\s+shell\s*=/.test(comment.text)) return [];
    const parsed = parsePragma(comment.text);
    if (!parsed)
      return [
        {
          line: comment.line,
          message:
            `Pragma not understood (hadolint ignores it too): "# ` +
            `${comment.text}". Write \`# hadolint ignore=CODE[,CODE] # ` +
            `reason\`.`,
        },
      ];
    const reason = /#\s*(.*)$/.exec(comment.text)?.[1]?.trim() ?? "";
    return reason.length >= 3
      ? []
      : [
          {
            line: comment.line,
            message:
              "Pragma without a reason: add one after the codes, e.g. `# hadolint ignore=DL3008 # why this is fine`.",
          },
        ];
  });
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("policy", {
  IMG001: {
    level: "error",
    message: "The final stage runs as root.",
    catches: "A final stage with no USER, or whose last USER is root/0.",
    why: "A process running as root turns any app bug into a container (and often host) compromise.",
    fix: "Create a user and end the final stage with `USER 10001:10001`.",
  },
  IMG002: {
    level: "warning",
    message: "No init process as PID 1: use tini or dumb-init in ENTRYPOINT.",
    catches: "A final stage whose ENTRYPOINT does not start tini or dumb-init.",
    why: "PID 1 must reap zombies and forward signals; most apps do neither, so `docker stop` waits 10 s and kills.",
    fix: '`ENTRYPOINT ["tini", "--"]` (or dumb-init) with the app in CMD.',
  },
  IMG003: {
    level: "warning",
    message: "No HEALTHCHECK in the final stage.",
    catches: "A final stage without HEALTHCHECK (or with HEALTHCHECK NONE).",
    why: "Without it, compose and orchestrators cannot tell a hung service from a healthy one.",
    fix: 'Add `HEALTHCHECK CMD ["…"]` that exercises the service.',
  },
  IMG004: {
    level: "error",
    message: "Base image is not pinned to a version tag.",
    catches: "FROM an image (ARG defaults resolved) with no tag or the `latest` tag.",
    why: "A moving base image changes the product without a commit.",
    fix: "Use an explicit version tag (plus a digest, see IMG005).",
  },
  IMG005: {
    level: "info",
    message: "Base image is not pinned by digest.",
    catches: "FROM an image without `@sha256:…`.",
    why: "Tags can be re-pushed; only a digest names exactly one image.",
    fix: "Append the digest: `FROM debian:bookworm-slim@sha256:…` (keep the tag for readers).",
  },
  IMG006: {
    level: "error",
    message: "A build argument or environment variable is named like a secret.",
    catches: "ENV/ARG names such as PASSWORD, TOKEN, SECRET, API_KEY, PRIVATE_KEY, CREDENTIALS.",
    why: "ENV and ARG values are stored in the image config and history, readable by anyone who pulls it.",
    fix: "Use `RUN --mount=type=secret,id=name` (BuildKit secrets) and read /run/secrets/name.",
  },
  IMG007: {
    level: "error",
    message: "A value looks like a credential.",
    catches:
      "ENV/ARG/LABEL values shaped like keys or tokens (AWS, GitHub, Slack, private keys, JWTs, passwords in URLs).",
    why: "Anything in ENV, ARG or LABEL ships inside the image.",
    fix: "Remove it, rotate it, and pass it with `RUN --mount=type=secret` instead.",
  },
  IMG008: {
    level: "warning",
    message: "Missing OCI labels in the final stage.",
    catches:
      "A final stage without the org.opencontainers.image.{title,description,version,revision,created,source} labels " +
      "(or images-policy.required-labels), counting those every bake target building the file sets; labels already " +
      "in label-schema are left to DL3049.",
    why: "These labels tie an image to its source, commit and build time; scanners and registries show them.",
    fix: "Set them in the bake file's target labels (or as LABELs in the final stage).",
  },
  IMG010: {
    level: "warning",
    message: "Ignore pragma without a reason, or not understood.",
    catches:
      "A `# hadolint …` comment that does not parse (so nothing is " +
      "ignored), or an ignore pragma with no `# reason` after the " +
      "codes.",
    why: "An exception nobody can explain is never revisited; a malformed one silently ignores nothing.",
    fix: "`# hadolint ignore=DL3008 # Debian security updates replace exact versions`.",
  },
  IMG009: {
    level: "warning",
    message: "The `# syntax=` directive is not pinned by digest.",
    catches: "A `# syntax=` parser directive without `@sha256:…`.",
    why: "The frontend image decides how the whole Dockerfile is read; a moving tag changes builds silently.",
    fix: "`# syntax=docker/dockerfile:1.7@sha256:…`, or drop the directive to use the engine's built-in frontend.",
  },
});

export const policyRules: Rule[] = [
  fileRule(about.IMG001, runsAsRoot),
  fileRule(about.IMG002, noInit),
  fileRule(about.IMG003, noHealthcheck),
  fileRule(about.IMG004, (ctx) =>
    baseImages(ctx, (ref, line) =>
      ref.digest === undefined && (ref.tag === undefined || ref.tag === "latest") ? { line } : undefined,
    ),
  ),
  fileRule(about.IMG005, (ctx) => baseImages(ctx, (ref, line) => (ref.digest === undefined ? { line } : undefined))),
  fileRule(about.IMG006, (ctx) => secrets(ctx, false)),
  fileRule(about.IMG007, (ctx) => secrets(ctx, true)),
  fileRule(about.IMG008, missingOciLabels),
  fileRule(about.IMG010, pragmaReasons),
  fileRule(about.IMG009, unpinnedSyntax),
];
