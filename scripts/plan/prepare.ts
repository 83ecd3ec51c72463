// The plan step of a build: what was read (read/build-inputs.ts) plus what was asked → the targets
// to build with every override, the ones skipped and why. Pure: no file, process, env or clock.
import type { ImagesConfig } from "../config/types.ts";
import { ImagesError } from "../errors/errors.ts";
import type { BuildInputs } from "../read/build-inputs.ts";
import { cacheBranch, tagSets, type GitContext } from "../tags/index.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { buildOrder, expandSelection } from "./graph.ts";
import { inputHashLabel } from "./input-hash.ts";
import { unbuildable } from "./needs.ts";
import { kindOf } from "./outputs.ts";
import { isPush, planBuild } from "./plan.ts";
import type { AttestMode, BuildPlan, OutputMode, PlanInput, TagSet } from "./plan.ts";

/** What a build or `plan` asks for, as far as planning goes. */
export interface PlanRequest {
  targets: string[];
  registry?: string;
  platforms?: string[];
  output: OutputMode;
  changed: boolean;
  /** The git context to tag from, instead of the one read from the checkout (release). */
  tagContext?: GitContext;
  attest: AttestMode;
  /** Fail instead of skipping targets that cannot build on this machine (release). */
  requireAll?: boolean;
  /** A release shard's platform: shared caches are scoped by target and platform (plan/cache.ts). */
  cachePlatform?: string;
  /** A release shard's tag for what it builds FROM (plan.ts `dependencyTag`). */
  dependencyTag?: string;
}

export interface PreparedBuild {
  config: ImagesConfig;
  definition: BakeDefinition;
  plan: BuildPlan;
  skipped: Record<string, string>;
  hashes: Record<string, string>;
  mirrors: Record<string, string>;
  nativePlatform: string;
  /** What `plan` was made from, so another output (the smoke-first load) is planned without reading again. */
  planInput: PlanInput;
}

export function planPrepared(inputs: BuildInputs, request: PlanRequest): PreparedBuild {
  const { config, definition, hashes, mirrors } = inputs;
  const { requested, sets } = selected(inputs, request);
  const skipped = { ...offlineSkips(inputs, request), ...inputs.unchanged };
  const toBuild = requested.filter((name) => !(name in skipped));
  const context = request.tagContext ?? inputs.tags.context;
  const planInput: PlanInput = {
    definition,
    selection: toBuild,
    config,
    output: request.output,
    tagSets: sets,
    mirrors,
    cacheScope: {
      branch: cacheBranch(context),
      defaultBranch: context.defaultBranch ?? "main",
      workspace: inputs.workspace,
      registry: config.registry,
      ...(request.cachePlatform ? { platform: request.cachePlatform } : {}),
    },
    ...(inputs.caFile ? { caFile: inputs.caFile } : {}),
    ...(request.platforms?.length ? { platforms: request.platforms } : {}),
    attest: request.attest,
    ...(inputs.sourceDateEpoch ? { sourceDateEpoch: inputs.sourceDateEpoch } : {}),
    ...(request.dependencyTag ? { dependencyTag: request.dependencyTag } : {}),
  };
  // An empty selection means "default" to planBuild, so nothing left to build is planned as nothing.
  const plan: BuildPlan = toBuild.length ? planBuild(planInput) : { schemaVersion: 1, targets: [] };
  const nativePlatform = inputs.host.nativePlatform;
  return { config, definition, plan, skipped, hashes, mirrors, nativePlatform, planInput };
}

/**
 * For --changed: the images whose built state is worth reading (not skipped as offline; checks and
 * file outputs always run) and, when pushing, the tag whose registry copy is compared.
 */
export function changeCandidates(
  inputs: BuildInputs,
  request: PlanRequest,
): { images: string[]; pushTags: Record<string, string | undefined> } {
  const { requested, sets } = selected(inputs, request);
  const offline = offlineSkips(inputs, request);
  const images = requested.filter((name) => !(name in offline) && isImage(inputs.definition, name));
  const pushTag = (name: string): string | undefined => (isPush(request.output) ? sets[name]?.tags[0] : undefined);
  const pushTags = Object.fromEntries(Object.keys(sets).map((name) => [name, pushTag(name)]));
  return { images, pushTags };
}

/** The requested targets, and the tags and labels of everything they build (their dependencies too). */
function selected(inputs: BuildInputs, request: PlanRequest): { requested: string[]; sets: Record<string, TagSet> } {
  const requested = expandSelection(inputs.definition, request.targets);
  const order = buildOrder(inputs.definition, requested);
  const context = request.tagContext ?? inputs.tags.context;
  const sets = tagSets(order, inputs.config, context, inputs.tags);
  return { requested, sets: withHashLabels(sets, inputs.hashes) };
}

function withHashLabels(sets: Record<string, TagSet>, hashes: Record<string, string>): Record<string, TagSet> {
  const hashLabel = (target: string): Record<string, string> =>
    hashes[target] ? { [inputHashLabel]: hashes[target] } : {};
  return Object.fromEntries(
    Object.entries(sets).map(([target, set]) => [target, { ...set, labels: { ...set.labels, ...hashLabel(target) } }]),
  );
}

/**
 * Targets whose build-time URLs do not answer. Skipped (with the reason) when they came from a
 * group; an error when named on the command line or when everything must build (release).
 */
function offlineSkips(inputs: BuildInputs, request: PlanRequest): Record<string, string> {
  const { definition, config } = inputs;
  if (inputs.unreachable.size === 0) return {};
  const order = buildOrder(definition, expandSelection(definition, request.targets));
  const reasons = unbuildable(definition, order, config.needs, inputs.unreachable);
  const named = Object.keys(reasons).filter((name) => request.requireAll || request.targets.includes(name));
  if (named.length) {
    const reason = reasons[named[0] ?? ""] ?? "";
    throw new ImagesError("build", `cannot build ${named.join(", ")} on this machine: ${reason}`, {
      hint:
        "Build it where that URL answers (a connected machine or the release pipeline), " +
        "or list the targets that build here: `pnpm images plan`.",
    });
  }
  return reasons;
}

function isImage(definition: BakeDefinition, name: string): boolean {
  return kindOf(definition.targets[name] ?? { name, output: [] }) === "image";
}
