// The generated bake override file (JSON): what the TypeScript adds to bake.hcl.
// bake merges maps (labels, contexts) and replaces lists (tags, cache, output) from later files.
import type { BuildPlan, PlannedTarget } from "../plan/plan.ts";

export interface BakeOverrideTarget {
  tags: string[];
  args: Record<string, string>;
  labels: Record<string, string>;
  contexts: Record<string, string>;
  "cache-from": string[];
  "cache-to": string[];
  platforms?: string[];
  secret: string[];
  output: string[];
  attest?: string[];
  annotations?: string[];
}

export interface BakeOverride {
  target: Record<string, BakeOverrideTarget>;
}

export function bakeOverride(plan: BuildPlan): BakeOverride {
  return { target: Object.fromEntries(plan.targets.map((target) => [target.name, overrideFor(target)])) };
}

function overrideFor(target: PlannedTarget): BakeOverrideTarget {
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

export type Progress = "auto" | "plain" | "tty" | "quiet";

/** argv of the real build: bake reads bake.hcl then our override; buildx progress comes back as JSON. */
export function bakeArgs(options: { bakeFile: string; overrideFile: string; metadataFile: string; targets: readonly string[] }): string[] {
  return ["docker", "buildx", "bake", "-f", options.bakeFile, "-f", options.overrideFile, "--metadata-file", options.metadataFile, "--progress", "rawjson", ...options.targets];
}
