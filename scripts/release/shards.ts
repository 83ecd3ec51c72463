// A release split across runners, on the single runner's machinery. A shard does the first half
// (registry check, lint gate, build, smoke, push into its platform's staging) and reports; the
// promotion does the second half once every shard has: it assembles each image's index from its
// platforms' digests and moves the tags, all or nothing.
import { ReleaseError } from "../errors/errors.ts";
import { formatRepository } from "../registry/ref.ts";
import type { BuildTargetReport, SmokeReport } from "./deps.ts";
import {
  assignments,
  guarded,
  imageSizes,
  releaseResult,
  stageStep,
  stagingRepository,
  type BuiltImage,
  type ReleaseResult,
  type ReleaseRun,
} from "./release.ts";
import type { ReleaseImage } from "./release-plan.ts";
import type { StagedPart } from "./shard-collate.ts";
import { passedResult, type ShardResult } from "./shard-result.ts";

/** One shard: its images staged under its platform. Staging is kept: the promotion copies from it. */
export async function runShard(run: ReleaseRun): Promise<ShardResult> {
  return guarded(run, async (progress) => {
    const { built, smoke } = await stageStep(run, progress);
    return passedResult(run.plan, run.context, built, smoke, (entry) => stagingRepository(entry.build.image));
  });
}

/**
 * After every shard passed (shard-collate.ts): indexes assembled, tags moved, staged tags removed.
 * A failure leaves staging as it is, so rerunning the promotion alone finishes the release.
 */
export async function runPromotion(run: ReleaseRun, parts: ReadonlyMap<string, StagedPart[]>): Promise<ReleaseResult> {
  const all = [...parts.values()].flat();
  const staged = [...new Set(all.map((part) => part.staged))];
  return guarded(
    run,
    async (progress) => {
      await run.reporter.group("Check every shard's digests are in staging", () => requireStaged(run, all));
      const built = await run.reporter.group("Assemble each image's index from its platforms' digests (no tag)", () =>
        assembleStep(run, parts),
      );
      progress.built = built;
      const moved = await run.reporter.group("Move tags", () => run.deps.moveTags(assignments(built)));
      const sizes = await imageSizes(run, built);
      const result = releaseResult(run.plan, built, smokeOf(all), moved, sizes);
      const staging = await run.deps.cleanStaging(
        all.filter((part) => part.tags.length > 0).map((part) => ({ repository: part.staged, tags: part.tags })),
      );
      return staging.left.length > 0 ? { ...result, stagingLeft: staging.left } : result;
    },
    staged,
  );
}

/** Before anything is copied: every digest a shard reported must be in its staging repository. */
async function requireStaged(run: ReleaseRun, parts: StagedPart[]): Promise<void> {
  const missing = await run.deps.missingStaged(parts);
  if (missing.length === 0) return;
  const named = missing.map((part) => `${part.shard} (${run.plan.registry.host}/${part.staged}@${part.digest})`);
  throw new ReleaseError(
    `release stopped before promoting anything: staging lacks what these shards reported: ${named.join(", ")}. ` +
      "Nothing was promoted and no tag was moved.",
    "Rerun those shards, then the promotion.",
  );
}

async function assembleStep(run: ReleaseRun, parts: ReadonlyMap<string, StagedPart[]>): Promise<BuiltImage[]> {
  const built: BuiltImage[] = [];
  for (const image of run.plan.images) {
    const mine = parts.get(image.target) ?? [];
    let digest: string;
    try {
      digest = await run.deps.assemble(image.target, image.repository.repository, mine);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ReleaseError(
        `release stopped before moving any tag: assembling ${formatRepository(image.repository)} failed: ${reason}. ` +
          "No tag was changed; rerun the promotion.",
      );
    }
    run.reporter.log(
      `${formatRepository(image.repository)}@${digest}: ${mine.map((part) => part.platform).join(", ")}`,
    );
    built.push({ image, digest, build: assembledReport(image, mine, digest) });
  }
  return built;
}

/** The build report line the result table reads, summed over the image's platforms. */
function assembledReport(image: ReleaseImage, parts: StagedPart[], digest: string): BuildTargetReport {
  const sum = (pick: (part: StagedPart) => number): number =>
    parts.reduce((total, part) => total + (Number.isFinite(pick(part)) ? pick(part) : 0), 0);
  return {
    target: image.target,
    image: formatRepository(image.repository),
    status: "built",
    tags: [],
    digest,
    durationMs: 0,
    cachedSteps: sum((part) => part.cachedSteps),
    totalSteps: sum((part) => part.totalSteps),
    pushed: true,
  };
}

/** The shards' smoke verdicts, as the result table reads them. */
function smokeOf(parts: StagedPart[]): SmokeReport {
  const results = parts.map((part) => ({
    target: part.target,
    image: `${part.staged}@${part.digest}`,
    passed: part.smoke === "passed",
    tests: [],
  }));
  return { passed: results.every((result) => result.passed), results };
}
