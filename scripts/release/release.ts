// The release, in order: lint gate → build (native images loaded and smoke-tested, then every
// platform pushed to a staging namespace) → copy each digest, untagged, into its release
// repository → move every tag, all or nothing. Release repositories see no tag unless all passed.
import type { CommandContext } from "../cli/command.ts";
import { ImagesError } from "../errors/errors.ts";
import { ReleaseError, ReleaseFailedError, ReleaseIncompleteError } from "../errors/release.ts";
import type { GitContext } from "../tags/types.ts";
import type { BuildReport, BuildRequest, ReleaseDeps, ReleaseReporter, SmokeItem, SmokeReport } from "./deps.ts";
import type { Promotion } from "./promote.ts";
import {
  assignments,
  pairBuilt,
  promotions,
  releaseResult,
  stagingRepository,
  type BuiltImage,
  type ReleaseResult,
} from "./release-result.ts";
import { formatRegistry } from "../registry/ref.ts";
import { failureMessage, failureReport } from "./failure-report.ts";
import { describeCheck, type RegistryCheck } from "./preflight.ts";
import { localStagingRefs, shardTag, stagedImages, stagingLocation } from "./staging.ts";
import { causeText, type TagRecord } from "./tag-report.ts";
import type { ReleasePlan } from "./release-plan.ts";

export { ReleaseError, stagingLocation };
export {
  assignments,
  pairBuilt,
  promotions,
  releaseResult,
  stagingRepository,
  type BuiltImage,
  type ReleasedImage,
  type ReleaseResult,
  type SmokeState,
} from "./release-result.ts";

export interface ReleaseRun {
  ctx: CommandContext;
  plan: ReleasePlan;
  context: GitContext;
  deps: ReleaseDeps;
  reporter: ReleaseReporter;
  smokeParallel: number;
}

export async function runRelease(run: ReleaseRun): Promise<ReleaseResult> {
  return guarded(run, async (progress) => {
    const result = await releaseSteps(run, progress);
    const staging = await run.deps.cleanStaging(stagedImages(run.plan));
    return staging.left.length > 0 ? { ...result, stagingLeft: staging.left } : result;
  });
}

/**
 * The frame of every release run (single runner, shard, promotion): the registry is checked before
 * anything else; any later failure becomes the read-back report; the images the smoke build loaded
 * are untagged in the engine whatever happened. `staged`: the staging repositories the run uses.
 */
export async function guarded<T>(
  run: ReleaseRun,
  steps: (progress: Progress) => Promise<T>,
  staged?: string[],
): Promise<T> {
  requireSpecs(run.plan);
  const check = await run.reporter.group("Check the registry", () => run.deps.checkRegistry(run.plan, staged));
  for (const line of describeCheck(check, run.plan)) run.reporter.log(line);
  const progress: Progress = { built: [], building: false };
  try {
    return await steps(progress);
  } catch (error) {
    throw await explainFailure(run, check, progress, error);
  } finally {
    // The native images the smoke build loaded are tagged under release-staging: untag them.
    if (progress.building) await run.deps.untagLocal(localStagingRefs(run.plan));
  }
}

/** How far the release got, for the failure report. */
export interface Progress {
  building: boolean;
  built: BuiltImage[];
}

/** Lint gate, then the build: native images loaded and smoke-tested, then every platform pushed to staging. */
export async function stageStep(
  run: ReleaseRun,
  progress: Progress,
): Promise<{ built: BuiltImage[]; smoke: SmokeReport }> {
  const { reporter } = run;
  await reporter.group("Lint gate", () => lintStep(run));
  const smoke: { report?: SmokeReport } = {};
  progress.building = true;
  const how = run.plan.push === "digest" ? "push by digest" : "push to staging";
  const report = await reporter.group(`Build for ${run.plan.platforms.join(", ")}, smoke, ${how}`, () =>
    buildStep(run, smoke),
  );
  const built = pairBuilt(run.plan.images, report);
  progress.built = built;
  const smokeReport =
    smoke.report ?? (await reporter.group("Smoke specs on the staged digests", () => smokeDigests(run, built)));
  return { built, smoke: smokeReport };
}

async function releaseSteps(run: ReleaseRun, progress: Progress): Promise<ReleaseResult> {
  const { reporter } = run;
  const { built, smoke } = await stageStep(run, progress);
  await reporter.group("Copy every digest into its release repository (no tag)", () =>
    promoteStep(run, promotions(built)),
  );
  const moved = await reporter.group("Move tags", () => run.deps.moveTags(assignments(built)));
  const sizes = await imageSizes(run, built);
  return releaseResult(run.plan, built, smoke, moved, sizes);
}

/**
 * Any failure after the registry check: remove what this release staged, read every tag of the
 * release back from the registry, and say exactly what is there (message and JSON alike).
 */
async function explainFailure(
  run: ReleaseRun,
  check: RegistryCheck,
  progress: Progress,
  error: unknown,
): Promise<ReleaseFailedError> {
  const staging = progress.building ? await run.deps.cleanStaging(stagedImages(run.plan)) : undefined;
  // The tag mover read every tag back itself once it had moved one; before that, read them here.
  const moverTags = error instanceof ReleaseIncompleteError ? error.tags : [];
  const described = moverTags.length > 0;
  const wanted = new Map(progress.built.map((entry) => [entry.image.target, entry.digest]));
  const expected = check.before.map((record) => withWanted(record, wanted.get(record.target)));
  const records = described ? moverTags : await run.deps.readTags(expected);
  const input = { plan: run.plan, check, records, staging, message: causeText(error), described };
  const hint = error instanceof ImagesError && error.hint ? { hint: error.hint } : {};
  const options = { exitCode: error instanceof ImagesError ? error.exitCode : 1, ...hint };
  return new ReleaseFailedError(failureMessage(input), failureReport(input), options);
}

function withWanted(record: TagRecord, digest: string | undefined): TagRecord {
  return digest === undefined ? record : { ...record, wanted: digest };
}

/** Every released image must pass a smoke spec: check they all have one before building anything. */
export function requireSpecs(plan: ReleasePlan): void {
  const missing = plan.images.filter((image) => !image.specFile).map((image) => image.target);
  if (missing.length === 0) return;
  throw new ReleaseError(
    `no smoke spec for ${missing.join(", ")}: every released image must pass one; nothing was built`,
    "Write a smoke.yaml in each image's build context (see docs/smoke.md).",
  );
}

async function lintStep(run: ReleaseRun): Promise<void> {
  const gate = await run.deps.lintGate({ workspace: run.ctx.workspace, exec: run.ctx.exec, env: run.ctx.env });
  run.reporter.log(gate.summary);
  if (gate.passed) return;
  for (const finding of gate.findings.filter((item) => item.level === "error" || item.level === "warning")) {
    run.reporter.annotate({
      level: finding.level === "error" ? "error" : "warning",
      message: `${finding.code}: ${finding.message}`,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      title: finding.code,
    });
  }
  throw new ReleaseError(
    `the lint gate failed (${gate.summary}): nothing was built or pushed`,
    "Run `pnpm images lint` to see every finding.",
  );
}

/** The build loads native images, runs our smoke hook, and pushes by digest only when it returned true. */
async function buildStep(run: ReleaseRun, smoke: { report?: SmokeReport }): Promise<BuildReport> {
  const hook = async (_ctx: CommandContext, items: SmokeItem[]): Promise<boolean> => {
    smoke.report = await run.deps.runSmoke({
      items,
      exec: run.ctx.exec,
      parallel: run.smokeParallel,
      signal: run.ctx.signal,
      log: run.reporter.log,
    });
    return smoke.report.passed;
  };
  try {
    return await run.deps.runBuild(run.ctx, buildRequest(run), { smoke: hook });
  } catch (error) {
    if (smoke.report && !smoke.report.passed) throw smokeFailure(run, smoke.report);
    throw error;
  }
}

export function buildRequest(run: Pick<ReleaseRun, "plan" | "context">): BuildRequest {
  const shard = run.plan.shard;
  return {
    targets: run.plan.images.map((image) => image.target),
    registry: formatRegistry(stagingLocation(run.plan.registry, shard?.platform)),
    platforms: run.plan.platforms,
    // By digest where the builder can: nothing is tagged, not even in staging, until the tags move.
    output: run.plan.push === "digest" ? "push-by-digest" : "push",
    smoke: true,
    changed: false,
    dryRun: false,
    progress: "plain",
    tagContext: run.context,
    attest: run.plan.attest,
    lint: false,
    // A release is all or nothing: an image that cannot build here is an error, never a skip.
    requireAll: true,
    // A shard smoke-tests the very platform it pushes (natively on its runner), and names what it
    // builds FROM its own way: that is another shard's image (plan.ts `dependencyTag`).
    ...(shard
      ? { cachePlatform: shard.platform, smokePlatform: shard.platform, dependencyTag: shardTag(shard.id) }
      : {}),
  };
}

/** Fallback when the build did not call the smoke hook: test the staged digests before anything is promoted. */
async function smokeDigests(run: ReleaseRun, built: BuiltImage[]): Promise<SmokeReport> {
  const items = built.map((entry) => ({
    target: entry.image.target,
    image: `${stagedRef(entry)}@${entry.digest}`,
    specFile: entry.image.specFile ?? "",
  }));
  const report = await run.deps.runSmoke({
    items,
    exec: run.ctx.exec,
    parallel: run.smokeParallel,
    signal: run.ctx.signal,
    log: run.reporter.log,
  });
  if (!report.passed) throw smokeFailure(run, report);
  return report;
}

function smokeFailure(run: ReleaseRun, report: SmokeReport): ReleaseError {
  const failed = report.results.filter((result) => !result.passed);
  for (const result of failed) {
    const file = run.plan.images.find((image) => image.target === result.target)?.specFile;
    const tests = result.tests
      .filter((test) => !test.passed)
      .map((test) => `${test.name}${test.message ? `: ${test.message}` : ""}`);
    run.reporter.annotate({
      level: "error",
      message: `smoke failed for ${result.image}: ${tests.join("; ")}`,
      ...(file ? { file } : {}),
      title: `smoke ${result.target}`,
    });
  }
  return new ReleaseError(
    `smoke specs failed for ` +
      `${failed.map((result) => result.target).join(", ")}: no tag ` +
      `was moved, the registry's tags are unchanged`,
    "`pnpm images smoke <target>` reruns one spec.",
  );
}

export async function imageSizes(run: ReleaseRun, built: BuiltImage[]): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const entry of built) {
    const size =
      entry.build.size ??
      (await run.deps.imageSize(entry.image.repository.repository, entry.digest).catch(() => undefined));
    if (size !== undefined) sizes[entry.image.target] = size;
  }
  return sizes;
}

async function promoteStep(run: ReleaseRun, items: Promotion[]): Promise<void> {
  try {
    await run.deps.promote(items);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ReleaseError(
      `release stopped before moving any tag: copying the staged ` +
        `images into the release repositories failed: ${reason}. No ` +
        `tag was changed; rerun the release.`,
    );
  }
}

function stagedRef(entry: BuiltImage): string {
  return `${entry.image.repository.host}/${stagingRepository(entry.build.image)}`;
}
