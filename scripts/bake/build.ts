// runBuild: the main job, the apply step. Reads (read/build-inputs.ts) and plans (plan/prepare.ts),
// then gates on lint, bakes, smoke-tests, pushes only after smoke passed, and returns a versioned report.
import { existsSync } from "node:fs";
import type { CommandContext } from "../cli/command.ts";
import type { ImagesConfig } from "../config/types.ts";
import { ImagesError } from "../errors/errors.ts";
import { resolvePlatforms } from "../plan/platforms.ts";
import { isPush, planBuild, type BuildPlan, type OutputMode } from "../plan/plan.ts";
import { planPrepared, type PlanRequest, type PreparedBuild } from "../plan/prepare.ts";
import { readBuildInputs, readConfig } from "../read/build-inputs.ts";
import { buildReport, type BuildReport } from "../report/build-report.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { specFileOf } from "../smoke/targets.ts";
import type { SmokeItem } from "../smoke/runner.ts";
import { requireEmulationFor } from "../toolchain/emulation.ts";
import { sharingReads } from "../process/engine-api.ts";
import { requireEngine } from "../toolchain/engine.ts";
import { builtImageIds, forgetBuilt, recordBuilt, type SmokeVerdict } from "./built-state.ts";
import { inspectLocal } from "./local-image.ts";
import { claimCacheDir, pruneLocalCache } from "./cache-prune.ts";
import { requireMirrorPlatforms } from "./mirror-platforms.ts";
import type { Progress } from "./override.ts";
import { withPushRetry } from "./push-retry.ts";
import {
  readTagsBefore,
  runBake,
  startBake,
  type BakeRun,
  type BakeStartOptions,
  type RunBakeOptions,
  type StartedBake,
} from "./run-bake.ts";

export { inputHashOf } from "./built-state.ts";
export type { PreparedBuild } from "../plan/prepare.ts";

export interface BuildRequest extends PlanRequest {
  smoke: boolean;
  dryRun: boolean;
  progress: Progress;
  lint?: boolean;
  /** The platform the smoke-first load builds (a release shard's own, under QEMU if foreign); default: the plan's. */
  smokePlatform?: string;
}

export interface BuildDeps {
  /** Lint gate; throws or returns false to stop the build. */
  lint?: (ctx: CommandContext, files: string[], definition: BakeDefinition) => Promise<boolean>;
  smoke?: (ctx: CommandContext, items: SmokeItem[], config: ImagesConfig) => Promise<boolean>;
  /** First-run set-up: provision a missing engine, seed the stand-ins the plan needs. */
  setup?: BuildSetup;
}

export interface BuildSetup {
  /** Called when no engine answers: provisions it, or throws the error that says how. */
  engine?: (ctx: CommandContext) => Promise<void>;
  mirrors?: (
    ctx: CommandContext,
    plan: BuildPlan,
    mirrors: Record<string, string>,
    nativePlatform: string,
  ) => Promise<void>;
}

/** Read, then plan: what `build`, `build --dry-run` and `plan` all start from. */
export async function prepareBuild(
  ctx: CommandContext,
  request: PlanRequest,
  config?: ImagesConfig,
): Promise<PreparedBuild> {
  return planPrepared(await readBuildInputs(ctx, request, config ? { config } : {}), request);
}

export async function runBuild(ctx: CommandContext, request: BuildRequest, deps: BuildDeps = {}): Promise<BuildReport> {
  const config = readConfig(ctx, request);
  // The first bake starts now and gets its plan when there is one (run-bake.ts, startBake).
  const early = firstBakeStartsEarly(request, deps)
    ? startBake(bakeStartOptions(ctx, config, request.progress))
    : undefined;
  try {
    return await build(ctx, request, deps, config, early);
  } finally {
    await early?.drop();
  }
}

/**
 * The load bake (of a local build, or a smoke-first push) can; a push bake cannot (each retry
 * starts its own), nor one that may not run at all (--changed, --dry-run).
 */
function firstBakeStartsEarly(request: BuildRequest, deps: BuildDeps): boolean {
  return !request.dryRun && !request.changed && (!isPush(request.output) || smokesFirst(request, deps));
}

/** A push with smoke tests builds and loads the native image first, and pushes only once they pass. */
function smokesFirst(request: BuildRequest, deps: BuildDeps): boolean {
  return request.smoke && isPush(request.output) && deps.smoke !== undefined;
}

async function build(
  ctx: CommandContext,
  request: BuildRequest,
  deps: BuildDeps,
  config: ImagesConfig,
  early: StartedBake | undefined,
): Promise<BuildReport> {
  // The engine check runs beside the planning reads; a down engine is the error that wins.
  const [engine, planned] = await Promise.allSettled([
    request.dryRun ? undefined : requireEngine(ctx.exec, ctx.engine),
    prepareBuild(ctx, request, config),
  ]);
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
  if (
    request.lint !== false &&
    deps.lint &&
    linted.length > 0 &&
    !(await deps.lint(ctx, linted, prepared.definition))
  ) {
    throw new ImagesError("lint", "lint gate failed: nothing was built", {
      hint: "Fix the findings above, or run `pnpm images lint` to see them again.",
    });
  }
  if (request.dryRun || prepared.plan.targets.length === 0) return report(prepared, undefined, request);
  const pushing = isPush(request.output);
  const smokeFirst = smokesFirst(request, deps);
  // Smoke before push: build and load the native image first (same targets, same skips, planned
  // from the same reads); the push build is then all cache.
  const loaded = smokeFirst
    ? planBuild({
        ...prepared.planInput,
        output: "load",
        platforms: request.smokePlatform ? [request.smokePlatform] : [],
      })
    : prepared.plan;
  // Two engine reads of the loaded images: what was built (for --changed) and their sizes. They
  // inspect mostly the same images, so one request per image serves both.
  const reads = ctx.engine ? { ...ctx, engine: sharingReads(ctx.engine) } : ctx;
  const lookAtLoaded = once(() =>
    Promise.all([
      request.output === "load" ? builtImageIds(reads, localRefs(prepared.definition, loaded)) : undefined,
      imageSizes(reads, prepared.plan, request.output),
    ]),
  );
  // The tags the first bake may move are read while set-up checks the platforms (set-up writes to
  // the mirror registry, never to a target's tag), and bake starts without waiting for them.
  const tagsBefore = readTagsBefore(ctx.exec, ctx.engine, loaded);
  await requirePlatforms(ctx, prepared, deps);
  const first =
    pushing && !smokeFirst
      ? await withPushRetry(() => bake(ctx, prepared.config, loaded, request.progress), ctx.err)
      : await bake(ctx, prepared.config, loaded, request.progress, {
          tagsBefore,
          ...(early ? { started: early } : {}),
          // The final bake's images are looked at once named, while bake exports caches and exits.
          ...(smokeFirst ? {} : { exported: () => void lookAtLoaded() }),
        });
  const smoked = request.smoke && deps.smoke ? smokeItems(loaded) : undefined;
  if (smoked && deps.smoke && !(await deps.smoke(ctx, smoked, prepared.config))) {
    forgetBuilt(ctx.workspace, requestedNames(loaded));
    throw new ImagesError("smoke", `smoke tests failed${pushing ? ": nothing was pushed" : ""}`, {
      hint: "See the smoke report above; `pnpm images smoke <target>` reruns one spec.",
    });
  }
  const final = smokeFirst
    ? await withPushRetry(() => bake(ctx, prepared.config, prepared.plan, request.progress), ctx.err)
    : first;
  const [ids, sizes] = await lookAtLoaded();
  if (ids) recordBuilt(ctx.workspace, ids, prepared.hashes, verdicts(loaded, smoked));
  for (const target of pruneLocalCache(
    ctx.workspace,
    prepared.config.cache,
    prepared.plan.targets.map((t) => t.name),
  ))
    ctx.err(`local cache of ${target} was over ${prepared.config.cache.maxSizeMb} MB: pruned`);
  return report(prepared, final, request, sizes);
}

/** Mirrors hold every platform the plan builds (set-up seeds them), and foreign ones can run. */
async function requirePlatforms(ctx: CommandContext, prepared: PreparedBuild, deps: BuildDeps): Promise<void> {
  const native = prepared.nativePlatform;
  await deps.setup?.mirrors?.(ctx, prepared.plan, prepared.mirrors, native);
  const platforms = prepared.plan.targets.flatMap((t) => resolvePlatforms(t.platforms, native));
  await requireEmulationFor(ctx.exec, [...new Set(platforms)], native);
  // Set-up's mirror step has just read every mirror's platforms; without it (release), check here.
  if (!deps.setup?.mirrors) await requireMirrorPlatforms(ctx, prepared.plan, prepared.mirrors, native);
}

async function bake(
  ctx: CommandContext,
  config: ImagesConfig,
  plan: BuildPlan,
  progress: Progress,
  ahead: Pick<RunBakeOptions, "tagsBefore" | "started" | "exported"> = {},
): Promise<{ run: BakeRun }> {
  const run = await runBake({
    ...ahead,
    ...bakeStartOptions(ctx, config, progress),
    plan,
    ...(ctx.engine ? { engine: ctx.engine } : {}),
    ...(ctx.detach ? { detach: ctx.detach } : {}),
  });
  return { run };
}

/** What every bake of this build runs with, whether started ahead of its plan or not. */
function bakeStartOptions(ctx: CommandContext, config: ImagesConfig, progress: Progress): BakeStartOptions {
  return {
    workspace: ctx.workspace,
    bakeFile: config.bakeFile,
    exec: ctx.exec,
    env: ctx.env,
    progress,
    log: ctx.err,
    signal: ctx.signal,
  };
}

/** The images' Dockerfiles: a check or a binary build is not a production image, so policy rules do not apply. */
function lintedDockerfiles(plan: BuildPlan): string[] {
  // Once each: the agents share one Dockerfile.
  return [...new Set(plan.targets.filter((t) => t.kind === "image").map((t) => t.dockerfile))];
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
  return (
    plan.targets
      .filter((t) => t.requested && t.kind === "image")
      // A computed tag (this run's) rather than bake's shared default name, which other runs may retag.
      .map((t) => ({
        target: t.name,
        image: t.tags.find((tag) => tag.startsWith(`${t.image}:`)) ?? t.tags[0] ?? t.image,
        specFile: specFileOf(t),
      }))
      .filter((item) => existsSync(item.specFile))
  );
}

/** The loaded images' sizes, from one inspect of them all (local-image.ts). */
async function imageSizes(ctx: CommandContext, plan: BuildPlan, output: OutputMode): Promise<Record<string, number>> {
  const loaded = plan.targets.filter((target) => target.kind === "image");
  if (output !== "load" || loaded.length === 0) return {};
  const images = await inspectLocal(
    ctx,
    loaded.map((target) => target.tags[0] ?? target.image),
  );
  if (!images) return {};
  const sizes = loaded.map((target, index) => [target.name, images[index]?.size ?? Number.NaN] as const);
  return Object.fromEntries(sizes.filter(([, size]) => Number.isFinite(size)));
}

function report(
  prepared: PreparedBuild,
  built: { run: BakeRun } | undefined,
  request: BuildRequest,
  sizes: Record<string, number> = {},
): BuildReport {
  return buildReport({
    definition: prepared.definition,
    plan: prepared.plan,
    skipped: prepared.skipped,
    pushing: isPush(request.output),
    ...(built ? { run: built.run } : {}),
    sizes,
  });
}

/**
 * Runs `start` on the first call only; later calls get the same promise. Started early and never
 * awaited (bake failed), its rejection is not an unhandled one.
 */
function once<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    if (!started) {
      started = start();
      started.catch(() => undefined);
    }
    return started;
  };
}
