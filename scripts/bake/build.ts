// runBuild: the main job. Reads the definition, plans, gates on lint, bakes, smoke-tests,
// pushes only after smoke passed, and returns a versioned report.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CommandContext } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import type { ImagesConfig } from "../config/types.ts";
import { ConfigError, ImagesError } from "../errors/errors.ts";
import { loadBakeDefinition } from "../plan/definition.ts";
import { buildOrder, expandSelection } from "../plan/graph.ts";
import { hashTargets, inputHashLabel, requireInputs } from "../plan/input-hash.ts";
import { kindOf } from "../plan/outputs.ts";
import { findUnchanged, forgetBuilt, recordBuilt, type SmokeVerdict } from "./built-state.ts";
import { nativePlatformOf, resolvePlatforms } from "../plan/platforms.ts";
import { isPush, planBuild, type AttestMode, type BuildPlan, type OutputMode, type PlanInput, type TagSet } from "../plan/plan.ts";
import type { BuildReport, TargetReport } from "../report/build-report.ts";
import type { GitContext } from "../tags/types.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { checkCacheDir, claimCacheDir, pruneLocalCache } from "./cache-prune.ts";
import { requireMirrorPlatforms } from "./mirror-platforms.ts";
import { withPushRetry } from "./push-retry.ts";
import { cacheBranch, readTagInputs, tagSets } from "../tags/index.ts";
import { requireEmulationFor } from "../toolchain/emulation.ts";
import { requireEngine } from "../toolchain/engine.ts";
import { neededUrls, unbuildable } from "../plan/needs.ts";
import { effectiveMirrors, hostCaFile, unreachableUrls } from "./environment.ts";
import type { Progress } from "./override.ts";
import { runBake, type BakeRun } from "./run-bake.ts";

export { inputHashOf } from "./built-state.ts";

export interface BuildRequest {
  targets: string[];
  registry?: string;
  platforms?: string[];
  output: OutputMode;
  smoke: boolean;
  changed: boolean;
  dryRun: boolean;
  progress: Progress;
  tagContext?: GitContext;
  attest: AttestMode;
  lint?: boolean;
  /** Fail instead of skipping targets that cannot build on this machine (release). */
  requireAll?: boolean;
  /** A release shard's platform: shared caches are scoped by target and platform (plan/cache.ts). */
  cachePlatform?: string;
  /** The platform the smoke-first load builds (a release shard's own, under QEMU if foreign); default: the plan's. */
  smokePlatform?: string;
  /** A release shard's tag for what it builds FROM (plan.ts `dependencyTag`). */
  dependencyTag?: string;
}

export interface SmokeItem {
  target: string;
  image: string;
  specFile: string;
}

export interface BuildDeps {
  /** Lint gate; throws or returns false to stop the build. */
  lint?: (ctx: CommandContext, files: string[]) => Promise<boolean>;
  smoke?: (ctx: CommandContext, items: SmokeItem[], config: ImagesConfig) => Promise<boolean>;
  /** First-run set-up: provision a missing engine, seed the stand-ins the plan needs. */
  setup?: BuildSetup;
}

export interface BuildSetup {
  /** Called when no engine answers: provisions it, or throws the error that says how. */
  engine?: (ctx: CommandContext) => Promise<void>;
  mirrors?: (ctx: CommandContext, plan: BuildPlan, mirrors: Record<string, string>) => Promise<void>;
}

export interface PreparedBuild {
  config: ImagesConfig;
  definition: BakeDefinition;
  plan: BuildPlan;
  skipped: Record<string, string>;
  hashes: Record<string, string>;
  mirrors: Record<string, string>;
  /** What `plan` was made from, so another output (the smoke-first load) is planned without reading again. */
  planInput: PlanInput;
}

export async function prepareBuild(ctx: CommandContext, request: BuildRequest): Promise<PreparedBuild> {
  const config = withRequest(loadConfig(ctx.workspace, ctx.env), request);
  checkCacheDir(ctx.workspace, config.cache);
  // Independent reads (bake --print, git, the mirror registry) run side by side.
  const [definition, inputs, mirrors] = await Promise.all([loadDefinition(ctx, config, request.targets), readTagInputs(ctx), effectiveMirrors(config)]);
  const requested = expandSelection(definition, request.targets);
  const order = buildOrder(definition, requested);
  const context = request.tagContext ?? inputs.context;
  requireInputs(definition, order, ctx.workspace, config.bakeFile);
  const hashes = hashTargets(definition, order, mirrors);
  const offline = await offlineSkips(definition, order, config, request);
  const sets = withHashLabels(tagSets(order, config, context, inputs), hashes);
  const pushTags = Object.fromEntries(order.map((name) => [name, isPush(request.output) ? sets[name]?.tags[0] : undefined]));
  // Only an image can carry its input hash; checks and file outputs always run.
  const images = requested.filter((name) => !(name in offline) && isImage(definition, name));
  const unchanged = request.changed ? await findUnchanged(ctx, definition, images, hashes, pushTags) : {};
  const skipped = { ...offline, ...unchanged };
  const toBuild = requested.filter((name) => !(name in skipped));
  const caFile = hostCaFile(ctx.env);
  const planInput: PlanInput = {
    definition,
    selection: toBuild,
    config,
    output: request.output,
    tagSets: sets,
    mirrors,
    cacheScope: { branch: cacheBranch(context), defaultBranch: context.defaultBranch ?? "main", workspace: ctx.workspace, registry: config.registry, ...(request.cachePlatform ? { platform: request.cachePlatform } : {}) },
    ...(caFile ? { caFile } : {}),
    ...(request.platforms?.length ? { platforms: request.platforms } : {}),
    attest: request.attest,
    ...(ctx.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: ctx.env.SOURCE_DATE_EPOCH } : {}),
    ...(request.dependencyTag ? { dependencyTag: request.dependencyTag } : {}),
  };
  // An empty selection means "default" to planBuild, so nothing left to build is planned as nothing.
  const plan: BuildPlan = toBuild.length ? planBuild(planInput) : { schemaVersion: 1, targets: [] };
  return { config, definition, plan, skipped, hashes, mirrors, planInput };
}

export async function runBuild(ctx: CommandContext, request: BuildRequest, deps: BuildDeps = {}): Promise<BuildReport> {
  // The engine check runs beside the planning reads; a down engine is the error that wins.
  const [engine, planned] = await Promise.allSettled([request.dryRun ? undefined : requireEngine(ctx.exec), prepareBuild(ctx, request)]);
  if (engine.status === "rejected" && deps.setup?.engine) {
    await deps.setup.engine(ctx);
    return runBuild(ctx, request, { ...deps, setup: { ...deps.setup, engine: undefined } });
  }
  if (engine.status === "rejected") throw engine.reason;
  if (planned.status === "rejected") throw planned.reason;
  const prepared = planned.value;
  if (!request.dryRun) await claimCacheDir(ctx, prepared.config.cache);
  const linted = lintedDockerfiles(prepared.plan);
  // No image in the plan, nothing for the gate: it would otherwise lint every Dockerfile.
  if (request.lint !== false && deps.lint && linted.length > 0 && !(await deps.lint(ctx, linted))) {
    throw new ImagesError("lint", "lint gate failed: nothing was built", { hint: "Fix the findings above, or run `pnpm images lint` to see them again." });
  }
  if (request.dryRun || prepared.plan.targets.length === 0) return report(prepared, undefined, request);
  await deps.setup?.mirrors?.(ctx, prepared.plan, prepared.mirrors);
  const native = nativePlatformOf(process.platform, process.arch);
  const platforms = prepared.plan.targets.flatMap((t) => resolvePlatforms(t.platforms, native));
  await requireEmulationFor(ctx.exec, [...new Set(platforms)], native);
  // Set-up's mirror step has just read every mirror's platforms; without it (release), check here.
  if (!deps.setup?.mirrors) await requireMirrorPlatforms(ctx, prepared.plan, prepared.mirrors);
  const pushing = isPush(request.output);
  const smokeFirst = request.smoke && pushing && deps.smoke !== undefined;
  // Smoke before push: build and load the native image first (same targets, same skips, planned
  // from the same reads); the push build is then all cache.
  const loaded = smokeFirst ? planBuild({ ...prepared.planInput, output: "load", platforms: request.smokePlatform ? [request.smokePlatform] : [] }) : prepared.plan;
  const first = pushing && !smokeFirst ? await withPushRetry(() => bake(ctx, prepared.config, loaded, request.progress), ctx.err) : await bake(ctx, prepared.config, loaded, request.progress);
  const smoked = request.smoke && deps.smoke ? smokeItems(loaded) : undefined;
  if (smoked && deps.smoke && !(await deps.smoke(ctx, smoked, prepared.config))) {
    forgetBuilt(ctx.workspace, requestedNames(loaded));
    throw new ImagesError("smoke", `smoke tests failed${pushing ? ": nothing was pushed" : ""}`, { hint: "See the smoke report above; `pnpm images smoke <target>` reruns one spec." });
  }
  const final = smokeFirst ? await withPushRetry(() => bake(ctx, prepared.config, prepared.plan, request.progress), ctx.err) : first;
  if (request.output === "load") {
    await recordBuilt(ctx, localRefs(prepared.definition, loaded), prepared.hashes, verdicts(loaded, smoked));
  }
  for (const target of pruneLocalCache(ctx.workspace, prepared.config.cache, prepared.plan.targets.map((t) => t.name))) ctx.err(`local cache of ${target} was over ${prepared.config.cache.maxSizeMb} MB: pruned`);
  return report(prepared, final, request, await imageSizes(ctx, prepared.plan, request.output));
}

async function bake(ctx: CommandContext, config: ImagesConfig, plan: BuildPlan, progress: Progress): Promise<{ run: BakeRun }> {
  const run = await runBake({ workspace: ctx.workspace, bakeFile: config.bakeFile, plan, exec: ctx.exec, env: ctx.env, progress, log: ctx.err, signal: ctx.signal });
  return { run };
}

function withRequest(config: ImagesConfig, request: BuildRequest): ImagesConfig {
  return request.registry ? { ...config, registry: request.registry } : config;
}

/** One `--print` for the default group plus the selection; an unknown name lists the valid ones. */
async function loadDefinition(ctx: CommandContext, config: ImagesConfig, selection: string[]): Promise<BakeDefinition> {
  const load = (targets: string[]): Promise<BakeDefinition> => loadBakeDefinition({ workspace: ctx.workspace, bakeFile: config.bakeFile, exec: ctx.exec, env: ctx.env, targets });
  const wanted = selection.filter((name) => name !== "default");
  if (wanted.length === 0) return load([]);
  try {
    return await load(["default", ...wanted]);
  } catch (error) {
    const missing = error instanceof ConfigError ? /unknown target "([^"]+)"/.exec(error.message)?.[1] : undefined;
    if (missing === undefined) throw error;
    // Many bake files have no default group; the selection alone is then what there is to read.
    if (missing === "default") return load(wanted);
    if (!wanted.includes(missing)) {
      throw await groupNamesMissing(load, ["default", ...wanted], missing, error as ConfigError);
    }
    expandSelection(await load([]), selection);
    throw error;
  }
}

/** bake only says which target it cannot find; name the group(s) asking for it, too. */
async function groupNamesMissing(
  load: (targets: string[]) => Promise<BakeDefinition>,
  names: string[],
  missing: string,
  cause: ConfigError,
): Promise<ConfigError> {
  const failing: string[] = [];
  for (const name of names) if (await load([name]).then(() => false, () => true)) failing.push(name);
  // "default" fails too when it includes the broken group; name it only when it is the one.
  const groups = failing.length > 1 ? failing.filter((name) => name !== "default") : failing;
  const by = groups.length ? ` named by group ${groups.map((name) => `"${name}"`).join(", ")}` : " named by a group";
  return new ConfigError(`unknown target "${missing}"${by}: the bake file defines no such target`, {
    ...(cause.file ? { file: cause.file } : {}),
    hint: "Define the target or remove it from the group; `docker buildx bake --print` lists what is defined.",
  });
}

function withHashLabels(sets: Record<string, TagSet>, hashes: Record<string, string>): Record<string, TagSet> {
  return Object.fromEntries(Object.entries(sets).map(([target, set]) => [target, { ...set, labels: { ...set.labels, ...(hashes[target] ? { [inputHashLabel]: hashes[target] } : {}) } }]));
}

/**
 * Targets whose build-time URLs do not answer. Skipped (with the reason) when they came from a
 * group; an error when named on the command line or when everything must build (release).
 */
async function offlineSkips(definition: BakeDefinition, order: string[], config: ImagesConfig, request: BuildRequest): Promise<Record<string, string>> {
  const urls = neededUrls(order, config.needs);
  if (urls.length === 0) return {};
  const reasons = unbuildable(definition, order, config.needs, await unreachableUrls(urls));
  const named = Object.keys(reasons).filter((name) => request.requireAll || request.targets.includes(name));
  if (named.length) {
    throw new ImagesError("build", `cannot build ${named.join(", ")} on this machine: ${reasons[named[0] ?? ""] ?? ""}`, {
      hint: "Build it where that URL answers (a connected machine or the release pipeline), or list the targets that build here: `pnpm images plan`.",
    });
  }
  return reasons;
}

function isImage(definition: BakeDefinition, name: string): boolean {
  return kindOf(definition.targets[name] ?? { name, output: [] }) === "image";
}

/** The images' Dockerfiles: a check or a binary build is not a production image, so policy rules do not apply. */
function lintedDockerfiles(plan: BuildPlan): string[] {
  return plan.targets.filter((t) => t.kind === "image").map((t) => t.dockerfile);
}

function requestedNames(plan: BuildPlan): string[] {
  return plan.targets.filter((t) => t.requested).map((t) => t.name);
}

/** The local image `--changed` inspects for each requested target: bake's own tag. */
function localRefs(definition: BakeDefinition, plan: BuildPlan): Record<string, string> {
  const requested = plan.targets.filter((t) => t.requested);
  const ref = (t: BuildPlan["targets"][number]): string => definition.targets[t.name]?.tags[0] ?? t.tags[0] ?? t.image;
  return Object.fromEntries(requested.map((t) => [t.name, ref(t)]));
}

/** Dependencies are not smoke-tested, so only requested targets count as built. */
function verdicts(plan: BuildPlan, smoked: SmokeItem[] | undefined): Record<string, SmokeVerdict> {
  const verdict = (name: string): SmokeVerdict =>
    !smoked ? "off" : smoked.some((item) => item.target === name) ? "passed" : "no spec";
  return Object.fromEntries(requestedNames(plan).map((name) => [name, verdict(name)]));
}

function smokeItems(plan: BuildPlan): SmokeItem[] {
  return plan.targets
    .filter((t) => t.requested && t.kind === "image")
    // A computed tag (this run's) rather than bake's shared default name, which other runs may retag.
    .map((t) => ({ target: t.name, image: t.tags.find((tag) => tag.startsWith(`${t.image}:`)) ?? t.tags[0] ?? t.image, specFile: join(dirname(t.dockerfile), "smoke.yaml") }))
    .filter((item) => existsSync(item.specFile));
}

/** One `docker image inspect` for every loaded image (a line each, in argument order). */
async function imageSizes(ctx: CommandContext, plan: BuildPlan, output: OutputMode): Promise<Record<string, number>> {
  const loaded = plan.targets.filter((target) => target.kind === "image");
  if (output !== "load" || loaded.length === 0) return {};
  const refs = loaded.map((target) => target.tags[0] ?? target.image);
  const result = await ctx.exec(["docker", "image", "inspect", "--format", "{{.Size}}", ...refs], { check: false });
  if (result.exitCode !== 0) return {};
  const lines = result.stdout.trim().split("\n");
  const sizes = loaded.map((target, index) => [target.name, Number(lines[index])] as const);
  return Object.fromEntries(sizes.filter(([, size]) => Number.isFinite(size)));
}

function report(prepared: PreparedBuild, built: { run: BakeRun } | undefined, request: BuildRequest, sizes: Record<string, number> = {}): BuildReport {
  const pushing = isPush(request.output);
  const fromPlan: TargetReport[] = prepared.plan.targets.map((t) => {
    const steps = built?.run.steps[t.name] ?? { total: 0, cached: 0 };
    const digest = built?.run.results[t.name]?.digest;
    return {
      target: t.name,
      kind: t.kind,
      image: t.image,
      status: "built",
      ...(t.outcome && built ? { outcome: t.outcome } : {}),
      tags: t.tags,
      ...(digest ? { digest } : {}),
      ...(sizes[t.name] !== undefined ? { size: sizes[t.name] } : {}),
      durationMs: built?.run.durations[t.name] ?? 0,
      cachedSteps: steps.cached,
      totalSteps: steps.total,
      ...(t.requested ? {} : { reason: `built as a dependency${pushing ? " of the selection; not pushed" : ""}` }),
      pushed: pushing && t.requested && t.kind === "image" && built !== undefined,
    };
  });
  const skipped: TargetReport[] = Object.entries(prepared.skipped).map(([target, reason]) => ({ target, kind: kindOf(prepared.definition.targets[target] ?? { name: target, output: [] }), image: target, status: "skipped", tags: prepared.definition.targets[target]?.tags ?? [], durationMs: 0, cachedSteps: 0, totalSteps: 0, reason, pushed: false }));
  return { schemaVersion: 1, targets: [...fromPlan, ...skipped] };
}
