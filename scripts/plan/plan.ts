// planBuild: definition + selection + config + computed tags → targets in build order
// with every override bake needs. Pure: no files, env or clock.
import type { ImagesConfig } from "../config/types.ts";
import type { BakeDefinition, BakeKept, BakeTarget } from "../types/bake.ts";
import { cacheRefs, isSharedCache, type CacheRefs, type CacheScope } from "./cache.ts";
import { buildOrder, dependenciesOf, expandSelection } from "./graph.ts";
import { outcome, parseOutput, targetKind, type TargetKind } from "./outputs.ts";

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
  /**
   * A release shard's own tag for what it builds FROM (the base under its agents). buildx 0.13 drops a
   * dependency's `output` and exports it to the engine under its tags; shards sharing an engine would
   * race on one name ("image already exists"), so each names it its own way, and removes it afterwards.
   */
  dependencyTag?: string;
}

/** What the bake file itself says about the attributes we also write, when it says something. */
export interface Declared {
  tags?: string[];
  labels?: Record<string, string>;
  platforms?: string[];
  secrets?: string[];
  cacheFrom?: string[];
  cacheTo?: string[];
  output?: string[];
  attest?: string[];
}

export interface PlannedTarget {
  name: string;
  /** image: ours to tag, label, smoke and push. check, files: run exactly as the bake file declares. */
  kind: TargetKind;
  /** Repository the target's tags live in, e.g. 127.0.0.1:5000/images/chat-agent ("" when not an image). */
  image: string;
  /** What a run leaves behind when the target is not an image: "check passed", "files written to ./bin". */
  outcome?: string;
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
  /** The file's own values of what we merge into (the lists above hold both). */
  declared: Declared;
  /** Attributes we never write: bake applies them as the file says. */
  kept: BakeKept;
  /** metadata-action's annotations (bake appends them to the file's own). */
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
  const outputs = target.output.map((entry) => parseOutput(entry, target.name));
  const kind = targetKind(outputs);
  const common = {
    name: target.name,
    kind,
    requested,
    dependsOn: dependenciesOf(target),
    dockerfile: target.dockerfile,
    context: target.context,
    contexts: { ...mirrorContexts(input.mirrors), ...target.contexts },
    secrets: unique([...target.secrets, ...(input.caFile ? [`id=host_ca,src=${input.caFile}`] : [])]),
    declared: declaredOf(target),
    kept: target.kept,
  };
  if (kind !== "image") return { ...common, ...asDeclared(input, target), outcome: outcome(kind, outputs) };
  return { ...common, ...imageParts(input, target, requested) };
}

type Shared = "name" | "kind" | "requested" | "dependsOn" | "dockerfile" | "context" | "contexts" | "secrets" | "declared" | "kept";
type KindParts = Omit<PlannedTarget, Shared>;

/** A check or files target: its own tags, labels, args, platforms, outputs and attestations; our cache. */
function asDeclared(input: PlanInput, target: BakeTarget): KindParts {
  // Inline cache rides in an image; a target that exports no image has nowhere to put it.
  const { cache } = input.config;
  const ours = cache.mode === "inline" ? { cacheFrom: [], cacheTo: [] } : cacheRefs(cache, target.name, "", input.cacheScope);
  return {
    image: "",
    tags: target.tags,
    labels: target.labels,
    args: target.args,
    ...withCache(target, ours),
    platforms: target.platforms,
    output: target.output,
    attest: target.attest,
  };
}

function imageParts(input: PlanInput, target: BakeTarget, requested: boolean): KindParts {
  const image = imageName(input.config, target.name);
  const tagSet = input.tagSets[target.name] ?? { tags: [], labels: {} };
  const pushes = requested && isPush(input.output);
  return {
    image,
    tags: imageTags(input, target, requested, image),
    labels: { ...target.labels, ...tagSet.labels },
    args: input.sourceDateEpoch ? { ...target.args, SOURCE_DATE_EPOCH: input.sourceDateEpoch } : target.args,
    ...withCache(target, dependencyCache(input, requested, cacheRefs(input.config.cache, target.name, image, input.cacheScope))),
    platforms: [...(input.platforms?.length ? input.platforms : target.platforms.length ? target.platforms : input.config.platforms)],
    output: [outputFor(requested ? input.output : dependencyOutput(input.output), image)],
    attest: pushes ? mergeAttest(target.attest, attestations(input.attest ?? "none")) : target.attest,
    ...(tagSet.annotations?.length ? { annotations: tagSet.annotations } : {}),
  };
}

/**
 * Pushing publishes the computed tags only; a local load keeps bake's own tags too; a shard's
 * dependency gets the shard's tag alone.
 */
function imageTags(input: PlanInput, target: BakeTarget, requested: boolean, image: string): string[] {
  if (!requested && input.dependencyTag) return [`${image}:${input.dependencyTag}`];
  const tagSet = input.tagSets[target.name] ?? { tags: [], labels: {} };
  return requested && isPush(input.output) ? tagSet.tags : unique([...target.tags, ...tagSet.tags]);
}

/**
 * In a release shard, a dependency (the base under an agent) is built from the shared cache but its
 * cache is written only by the shard that owns it: runners in parallel would overwrite each other.
 */
function dependencyCache(input: PlanInput, requested: boolean, refs: CacheRefs): CacheRefs {
  const shared = input.cacheScope.platform !== undefined && isSharedCache(input.config.cache);
  return shared && !requested ? { cacheFrom: refs.cacheFrom, cacheTo: [] } : refs;
}

/** The file's cache entries first, then ours: bake replaces cache-to from a later file, so we write both. */
function withCache(target: BakeTarget, ours: CacheRefs): CacheRefs {
  return {
    cacheFrom: unique([...target.cacheFrom, ...ours.cacheFrom]),
    cacheTo: unique([...target.cacheTo, ...ours.cacheTo]),
  };
}

function declaredOf(target: BakeTarget): Declared {
  const { tags, platforms, secrets, cacheFrom, cacheTo, output, attest } = target;
  const lists = { tags, platforms, secrets, cacheFrom, cacheTo, output, attest };
  const present = Object.entries(lists).filter(([, list]) => list.length > 0);
  return { ...Object.fromEntries(present), ...(Object.keys(target.labels).length ? { labels: target.labels } : {}) };
}

/** The file's attestations win for the types it names; ours fill in the others. */
export function mergeAttest(fromFile: readonly string[], ours: readonly string[]): string[] {
  const typeOf = (entry: string): string => /(?:^|,)type=([^,]+)/.exec(entry)?.[1] ?? entry;
  const named = new Set(fromFile.map(typeOf));
  return [...fromFile, ...ours.filter((entry) => !named.has(typeOf(entry)))];
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
