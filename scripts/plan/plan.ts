// planBuild: definition + selection + config + computed tags → targets in build order
// with every override bake needs. Pure: no files, env or clock.
import type { ImagesConfig } from "../config/types.ts";
import type { BakeDefinition, BakeTarget } from "../types/bake.ts";
import { cacheRefs, type CacheScope } from "./cache.ts";
import { buildOrder, dependenciesOf, expandSelection } from "./graph.ts";

export type OutputMode = "load" | "push" | "push-by-digest" | "none";

export interface TagSet {
  tags: string[];
  labels: Record<string, string>;
  /** `level:key=value` annotations, only when DOCKER_METADATA_ANNOTATIONS_LEVELS asks for them. */
  annotations?: string[];
}

export interface PlanInput {
  definition: BakeDefinition;
  selection: readonly string[];
  config: ImagesConfig;
  output: OutputMode;
  /** Computed tags (full references) and labels per target. */
  tagSets: Record<string, TagSet>;
  /** Effective mirror map (empty when mirrors are off). */
  mirrors: Record<string, string>;
  cacheScope: CacheScope;
  /** Host CA bundle passed as secret `host_ca`, when one exists. */
  caFile?: string;
  platforms?: readonly string[];
  /** Attestations on pushed images: provenance needs only BuildKit; SBOM also a scanner image. */
  attest?: AttestMode;
  /** SOURCE_DATE_EPOCH, passed to BuildKit so image timestamps (and digests) are reproducible. */
  sourceDateEpoch?: string;
}

export interface PlannedTarget {
  name: string;
  /** Repository the target's tags live in, e.g. 127.0.0.1:5000/images/chat-agent. */
  image: string;
  /** Asked for by the user (false: built only because another target needs it). */
  requested: boolean;
  dependsOn: string[];
  dockerfile: string;
  context: string;
  tags: string[];
  labels: Record<string, string>;
  args: Record<string, string>;
  contexts: Record<string, string>;
  cacheFrom: string[];
  cacheTo: string[];
  platforms: string[];
  secrets: string[];
  output: string[];
  attest: string[];
  annotations?: string[];
}

export interface BuildPlan {
  schemaVersion: 1;
  targets: PlannedTarget[];
}

export function planBuild(input: PlanInput): BuildPlan {
  const requested = expandSelection(input.definition, input.selection);
  const order = buildOrder(input.definition, requested);
  const targets = order.map((name) => planTarget(input, input.definition.targets[name] as BakeTarget, requested.includes(name)));
  return { schemaVersion: 1, targets };
}

export function isPush(output: OutputMode): boolean {
  return output === "push" || output === "push-by-digest";
}

export function imageName(config: ImagesConfig, target: string): string {
  return `${config.registry}/${config.images[target] ?? target}`;
}

function planTarget(input: PlanInput, target: BakeTarget, requested: boolean): PlannedTarget {
  const image = imageName(input.config, target.name);
  const tagSet = input.tagSets[target.name] ?? { tags: [], labels: {} };
  const pushes = requested && isPush(input.output);
  return {
    name: target.name,
    image,
    requested,
    dependsOn: dependenciesOf(target),
    dockerfile: target.dockerfile,
    context: target.context,
    // Pushing publishes the computed tags only; a local load keeps bake's own tags too.
    tags: pushes ? tagSet.tags : unique([...target.tags, ...tagSet.tags]),
    labels: { ...target.labels, ...tagSet.labels },
    args: input.sourceDateEpoch ? { ...target.args, SOURCE_DATE_EPOCH: input.sourceDateEpoch } : target.args,
    contexts: { ...mirrorContexts(input.mirrors), ...target.contexts },
    ...cacheRefs(input.config.cache, target.name, image, input.cacheScope),
    platforms: [...(input.platforms?.length ? input.platforms : target.platforms.length ? target.platforms : input.config.platforms)],
    secrets: unique([...target.secrets, ...(input.caFile ? [`id=host_ca,src=${input.caFile}`] : [])]),
    output: [outputFor(requested ? input.output : dependencyOutput(input.output), image)],
    attest: pushes ? attestations(input.attest ?? "none") : [],
    ...(tagSet.annotations?.length ? { annotations: tagSet.annotations } : {}),
  };
}

/** Dependencies are built (bake needs them) but never pushed when not asked for. */
function dependencyOutput(output: OutputMode): OutputMode {
  return output === "load" ? "load" : "none";
}

function outputFor(output: OutputMode, image: string): string {
  switch (output) {
    case "load":
      return "type=docker";
    case "push":
      return "type=image,push=true";
    case "push-by-digest":
      return `type=image,name=${image},push-by-digest=true,name-canonical=true,push=true`;
    case "none":
      return "type=cacheonly";
  }
}

export function mirrorContexts(mirrors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mirrors).map(([upstream, mirror]) => [upstream, `docker-image://${mirror}`]));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export type AttestMode = "none" | "provenance" | "full";

/** Pure: bake `attest` entries for a pushed image. "none" says so: buildx adds provenance on its own otherwise. */
export function attestations(mode: AttestMode): string[] {
  if (mode === "none") return ["type=provenance,disabled=true"];
  return mode === "full" ? ["type=provenance,mode=max", "type=sbom"] : ["type=provenance,mode=max"];
}
