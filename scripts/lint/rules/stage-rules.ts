// hadolint's rules about FROM, stages and COPY --from.
import type { Instruction } from "../dockerfile/model.ts";
import { parseImageRef, registryMatches } from "../dockerfile/image-ref.ts";
import { dropQuotes, fileRule, instructionRule, ruleInfo } from "./define.ts";
import type { Hit, Rule, RuleContext } from "./context.ts";
import { stageAt } from "./stage-reach.ts";

function fromWords(instruction: Instruction): {
  image: string;
  alias: string | undefined;
  platform: string | null | undefined;
} {
  const words = instruction.args.trim().split(/\s+/);
  const alias = words[1]?.toLowerCase() === "as" ? words[2] : undefined;
  return { image: words[0] ?? "", alias, platform: instruction.flags.find((f) => f.name === "platform")?.value };
}

/** Walks FROMs with the aliases defined before each one. */
function eachFrom(ctx: RuleContext, visit: (instruction: Instruction, aliases: Set<string>) => Hit | undefined): Hit[] {
  const aliases = new Set<string>();
  const hits: Hit[] = [];
  for (const instruction of ctx.model.instructions.filter((item) => item.keyword === "FROM")) {
    const hit = visit(instruction, aliases);
    if (hit) hits.push(hit);
    const alias = fromWords(instruction).alias;
    if (alias) aliases.add(alias);
  }
  return hits;
}

function untagged(ctx: RuleContext): Hit[] {
  return eachFrom(ctx, (instruction, aliases) => {
    const { image } = fromWords(instruction);
    const ref = parseImageRef(image);
    if (ref.name === "scratch" || ref.digest || ref.tag !== undefined) return undefined;
    return image.startsWith("$") || aliases.has(image) ? undefined : { line: instruction.line };
  });
}

function untrustedRegistry(ctx: RuleContext): Hit[] {
  const allowed = ctx.config.trustedRegistries;
  if (allowed.length === 0) return [];
  const isAllowed = (registry: string): boolean => allowed.some((pattern) => registryMatches(registry, pattern));
  return eachFrom(ctx, (instruction, aliases) => {
    const { image } = fromWords(instruction);
    const ref = parseImageRef(image);
    if (aliases.has(image)) return undefined;
    const ok = ref.registry
      ? isAllowed(ref.registry)
      : ref.name === "scratch" || isAllowed("docker.io") || isAllowed("hub.docker.com");
    return ok ? undefined : { line: instruction.line };
  });
}

function duplicateAlias(ctx: RuleContext): Hit[] {
  return eachFrom(ctx, (instruction, aliases) => {
    const alias = fromWords(instruction).alias;
    return alias && aliases.has(alias) ? { line: instruction.line } : undefined;
  });
}

function copyFrom(instruction: Instruction): string | undefined {
  return instruction.keyword === "COPY"
    ? (instruction.flags.find((f) => f.name === "from")?.value ?? undefined)
    : undefined;
}

/** DL3022 and DL3023 both walk COPY --from with the stage aliases known so far. */
function copyFromRule(
  ctx: RuleContext,
  verdict: (source: string, aliases: Set<string>, current: string | undefined, index: number) => boolean,
): Hit[] {
  const aliases = new Set<string>();
  const hits: Hit[] = [];
  let current: string | undefined;
  let index = -1;
  for (const instruction of ctx.model.instructions) {
    if (instruction.keyword === "FROM") {
      current = fromWords(instruction).alias;
      index += 1;
      if (current) aliases.add(current);
    }
    const source = copyFrom(instruction);
    if (source !== undefined && verdict(source, aliases, current, index)) hits.push({ line: instruction.line });
  }
  return hits;
}

function lastRootUser(ctx: RuleContext): Hit[] {
  const roots = new Map<number, number>();
  for (const instruction of ctx.model.instructions.filter((item) => item.keyword === "USER")) {
    const stage = stageAt(ctx, instruction.line)?.index ?? -1;
    const user = instruction.args.trim();
    const root = user === "root" || user === "0" || user.startsWith("root:") || user.startsWith("0:");
    if (root) roots.set(stage, instruction.line);
    else roots.delete(stage);
  }
  return [...roots.values()].map((line) => ({ line }));
}

function perStageDuplicates(keyword: string) {
  return (ctx: RuleContext): Hit[] => {
    const hits: Hit[] = [];
    let seen = false;
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword === "FROM") seen = false;
      if (instruction.keyword !== keyword) continue;
      if (seen) hits.push({ line: instruction.line });
      seen = true;
    }
    return hits;
  };
}

/** What each rule catches and why: the data docs/lint-rules.md, SARIF and --help are made from. */
const about = ruleInfo("hadolint", {
  DL3006: {
    level: "warning",
    message: "Always tag the version of an image explicitly",
    catches: "FROM an image with no tag and no digest (not scratch, not a stage, not a variable).",
    why: "The implicit `latest` moves; the build changes without a diff.",
    fix: "Write the tag (and ideally the digest): `FROM debian:bookworm-slim@sha256:…`.",
  },
  DL3007: {
    level: "warning",
    message:
      "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
    catches: "FROM image:latest.",
    why: "`latest` moves; the build changes without a diff.",
    fix: "Use a release tag.",
  },
  DL3026: {
    level: "error",
    message: "Use only an allowed registry in the FROM image",
    catches: "FROM an image whose registry is not in trustedRegistries (when that list is set; `*` wildcards allowed).",
    why: "Base images are code you run; they must come from registries you trust.",
    fix: "Mirror the image into a trusted registry, or add the registry to trustedRegistries.",
  },
  DL3029: {
    level: "warning",
    message: "Do not use --platform flag with FROM",
    catches: "FROM --platform=….",
    why: "Hard-coding a platform breaks multi-platform builds.",
    fix: "Drop the flag and pass --platform to the build.",
  },
  DL3065: {
    level: "warning",
    message:
      "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior",
    catches: "FROM --platform=$TARGETPLATFORM.",
    why: "That is already the default.",
    fix: "Drop the flag.",
  },
  DL3024: {
    level: "error",
    message: "FROM aliases (stage names) must be unique",
    catches: "Two stages with the same name.",
    why: "COPY --from and --target become ambiguous.",
    fix: "Rename one stage.",
  },
  DL3022: {
    level: "warning",
    message: "COPY --from should reference a previously defined FROM alias",
    catches: "COPY --from=name where no earlier stage has that name.",
    why: "Docker then pulls an image called `name` instead of using your stage.",
    fix: "Define the stage first, fix the name, or use a full image reference (`name:tag`).",
  },
  DL3023: {
    level: "error",
    message: "COPY --from cannot reference its own FROM alias",
    catches: "COPY --from naming the stage it is in.",
    why: "A stage cannot copy from itself.",
    fix: "Copy from an earlier stage.",
  },
  DL3067: {
    level: "warning",
    message: "Do not copy an entire filesystem from another stage",
    catches: "COPY --from=stage / /.",
    why: "It copies a whole root filesystem, defeating the multi-stage build.",
    fix: "Copy only the files you need.",
  },
  DL3002: {
    level: "warning",
    message: "Last USER should not be root",
    catches: "A stage whose last USER is root (or 0).",
    why: "Containers running as root turn an app bug into a host problem.",
    fix: "End the stage with `USER <non-root>`.",
  },
  DL3012: {
    level: "error",
    message: "Multiple HEALTHCHECK instructions",
    catches: "More than one HEALTHCHECK in a stage.",
    why: "Only the last one counts; the others mislead.",
    fix: "Keep one.",
  },
  DL4003: {
    level: "warning",
    message:
      "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
    catches: "More than one CMD in a stage.",
    why: "Only the last one counts; the others mislead.",
    fix: "Keep one.",
  },
  DL4004: {
    level: "error",
    message:
      "Multiple `ENTRYPOINT` instructions found. If you list more " +
      "than one `ENTRYPOINT` then only the last `ENTRYPOINT` will " +
      "take effect",
    catches: "More than one ENTRYPOINT in a stage.",
    why: "Only the last one counts; the others mislead.",
    fix: "Keep one.",
  },
});

export const stageRules: Rule[] = [
  fileRule(about.DL3006, untagged),
  instructionRule(
    about.DL3007,
    ["FROM"],
    (instruction) => parseImageRef(fromWords(instruction).image).tag === "latest",
  ),
  fileRule(about.DL3026, untrustedRegistry),
  instructionRule(about.DL3029, ["FROM"], (instruction) => {
    const platform = fromWords(instruction).platform;
    return platform !== undefined && platform !== null && platform !== "";
  }),
  instructionRule(about.DL3065, ["FROM"], (instruction) =>
    ["$TARGETPLATFORM", "${TARGETPLATFORM}"].includes(fromWords(instruction).platform ?? ""),
  ),
  fileRule(about.DL3024, duplicateAlias),
  fileRule(about.DL3022, (ctx) =>
    copyFromRule(
      ctx,
      (source, aliases, _current, index) =>
        !aliases.has(source) &&
        !(/^\d+$/.test(source) && Number(source) < index) &&
        !source.includes(":") &&
        !source.includes("$"),
    ),
  ),
  fileRule(about.DL3023, (ctx) => copyFromRule(ctx, (source, _aliases, current) => source === current)),
  instructionRule(
    about.DL3067,
    ["COPY"],
    (instruction) => copyFrom(instruction) !== undefined && isRootCopy(instruction),
  ),
  fileRule(about.DL3002, lastRootUser),
  fileRule(about.DL3012, perStageDuplicates("HEALTHCHECK")),
  fileRule(about.DL4003, perStageDuplicates("CMD")),
  fileRule(about.DL4004, perStageDuplicates("ENTRYPOINT")),
];

function isRootCopy(instruction: Instruction): boolean {
  const words = instruction.json ?? instruction.args.trim().split(/\s+/);
  const target = words.at(-1);
  return (
    target !== undefined && dropQuotes(target) === "/" && words.slice(0, -1).some((word) => dropQuotes(word) === "/")
  );
}
