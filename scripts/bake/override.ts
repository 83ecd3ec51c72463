// The generated bake override file (JSON): what the TypeScript adds to bake.hcl.
// buildx 0.13 merges a later file's target into the earlier one: maps merge (labels, contexts, args);
// secret, ssh, cache-from and annotations are appended without duplicates; attest merges by type;
// tags, platforms, cache-to and output are replaced. So every list we write holds the file's entries
// and ours, and what we do not own (ssh, annotations, network, no-cache, …) is never written.
// A target that is not an image gets only what it needs to build here: mirrors, our CA, our cache.
// (Checked with `bake -f bake.hcl -f override.json --print` in test/integration/bake-outputs.itg.test.ts.)
import type { BuildPlan, PlannedTarget } from "../plan/plan.ts";

export interface BakeOverrideTarget {
  tags?: string[];
  args?: Record<string, string>;
  labels?: Record<string, string>;
  contexts: Record<string, string>;
  "cache-from": string[];
  "cache-to": string[];
  platforms?: string[];
  secret: string[];
  output?: string[];
  attest?: string[];
  annotations?: string[];
}

export interface BakeOverride {
  target: Record<string, BakeOverrideTarget>;
}

/**
 * The group the real build names on bake's command line and defines in its override: the targets the
 * plan requests. The command line is then fixed before the plan exists, so bake can start while we
 * plan (run-bake.ts). A later file's group replaces an earlier one's targets, so a bake file's own
 * group of that name changes nothing.
 */
export const selectionGroup = "images-cli-selection";

/** What the real build gives bake on stdin: the override and the selection group. */
export interface BakeInput extends BakeOverride {
  group: Record<string, { targets: string[] }>;
}

export function bakeInput(plan: BuildPlan): BakeInput {
  const requested = plan.targets.filter((target) => target.requested).map((target) => target.name);
  return { group: { [selectionGroup]: { targets: requested } }, ...bakeOverride(plan) };
}

export function bakeOverride(plan: BuildPlan): BakeOverride {
  return { target: Object.fromEntries(plan.targets.map((target) => [target.name, overrideFor(target)])) };
}

function overrideFor(target: PlannedTarget): BakeOverrideTarget {
  if (target.kind !== "image") return asDeclared(target);
  const byDigest = target.output.some((output) => output.includes("push-by-digest=true"));
  return {
    // Push by digest names the repository in the output; tags are moved later, all at once.
    tags: byDigest ? [] : target.tags,
    args: target.args,
    labels: target.labels,
    contexts: target.contexts,
    "cache-from": target.cacheFrom,
    "cache-to": target.cacheTo,
    ...(target.platforms.length ? { platforms: target.platforms } : {}),
    secret: target.secrets,
    output: target.output,
    ...(target.attest.length ? { attest: target.attest } : {}),
    ...(target.annotations?.length ? { annotations: target.annotations } : {}),
  };
}

/**
 * A check or files target gets what it needs to build here (mirrors, our CA, our cache), and its own
 * tags, platforms, output and attestations written back as declared: bake resolves `inherits` after
 * merging files, so a parent image's override would otherwise reach it. (Lists bake appends, such as
 * cache-from, still carry the parent's entries: harmless extra cache sources.)
 */
function asDeclared(target: PlannedTarget): BakeOverrideTarget {
  return {
    tags: target.tags,
    contexts: target.contexts,
    "cache-from": target.cacheFrom,
    "cache-to": target.cacheTo,
    platforms: target.platforms,
    secret: target.secrets,
    output: target.output,
    ...(target.attest.length ? { attest: target.attest } : {}),
  };
}

export type Progress = "auto" | "plain" | "tty" | "quiet";

/**
 * argv of a build: bake reads bake.hcl then our override (`-` for stdin); buildx progress comes back
 * as JSON.
 */
export function bakeArgs(options: {
  bakeFile: string;
  overrideFile: string;
  metadataFile: string;
  targets: readonly string[];
}): string[] {
  return [
    "docker",
    "buildx",
    "bake",
    "-f",
    options.bakeFile,
    "-f",
    options.overrideFile,
    "--metadata-file",
    options.metadataFile,
    "--progress",
    "rawjson",
    ...options.targets,
  ];
}
