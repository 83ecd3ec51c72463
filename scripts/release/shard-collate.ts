// Before anything is promoted: every shard of the plan must have reported success for this very
// release (version, commit, registry), and together they must cover every image × platform. Pure:
// the results come in as data; the problems come out as one error that names each shard.
import { ReleaseError } from "../errors/errors.ts";
import type { Shard } from "../plan/matrix.ts";
import { formatRegistry } from "../registry/ref.ts";
import type { ReleasePlan } from "./release-plan.ts";
import type { ShardImage, ShardResult } from "./shard-result.ts";

export interface ReadResult {
  file: string;
  result: ShardResult;
}

/** One image on one platform, as its shard staged it. */
export interface StagedPart extends ShardImage {
  shard: string;
  platform: string;
}

export interface Release {
  plan: Pick<ReleasePlan, "version" | "registry" | "images" | "platforms">;
  commit: string;
  shards: readonly Shard[];
}

/** Every image's parts, in the plan's platform order; or a ReleaseError naming every shard that did not succeed. */
export function collateResults(release: Release, read: readonly ReadResult[]): Map<string, StagedPart[]> {
  const { accepted, problems } = acceptResults(release, read);
  const shardProblems = release.shards.flatMap((shard) => shardProblem(shard, accepted.get(shard.id)));
  const all = [...problems, ...shardProblems];
  if (all.length > 0) throw notPromoted(release, all);
  return partsByImage(release, [...accepted.values()]);
}

/** Results that belong to this release, one per shard; the rest are problems. */
function acceptResults(
  release: Release,
  read: readonly ReadResult[],
): { accepted: Map<string, ShardResult>; problems: string[] } {
  const planned = new Set(release.shards.map((shard) => shard.id));
  const registry = formatRegistry(release.plan.registry);
  const accepted = new Map<string, ShardResult>();
  const problems: string[] = [];
  for (const { file, result } of read) {
    if (!planned.has(result.shard)) problems.push(`${file} is from shard ${result.shard}, which is not in this plan`);
    else if (
      result.version !== release.plan.version ||
      result.commit !== release.commit ||
      result.registry !== registry
    ) {
      problems.push(
        `${result.shard} reported ${result.version} of ${result.commit.slice(0, 7)} to ${result.registry} (${file}), ` +
          `not ${release.plan.version} of ${release.commit.slice(0, 7)} to ${registry}`,
      );
    } else if (accepted.has(result.shard) && JSON.stringify(accepted.get(result.shard)) !== JSON.stringify(result)) {
      problems.push(`${result.shard} has two different results (${file} is the second)`);
    } else accepted.set(result.shard, result);
  }
  return { accepted, problems };
}

function shardProblem(shard: Shard, result: ShardResult | undefined): string[] {
  if (!result) return [`${shard.id} did not report (no result: it was cancelled, killed or never ran)`];
  if (result.status === "failed") return [`${shard.id} failed: ${result.error ?? "no reason given"}`];
  if (result.platform !== shard.platform) return [`${shard.id} built ${result.platform}, not ${shard.platform}`];
  const missing = shard.targets.filter((target) => !result.images.some((image) => image.target === target));
  return missing.length > 0 ? [`${shard.id} reported no digest for ${missing.join(", ")}`] : [];
}

function partsByImage(release: Release, results: ShardResult[]): Map<string, StagedPart[]> {
  const parts = new Map<string, StagedPart[]>();
  for (const image of release.plan.images) {
    const mine = release.plan.platforms.flatMap((platform) =>
      results
        .filter((result) => result.platform === platform)
        .flatMap((result) =>
          result.images
            .filter((entry) => entry.target === image.target)
            .map((entry) => ({ ...entry, shard: result.shard, platform })),
        ),
    );
    parts.set(image.target, mine);
  }
  return parts;
}

function notPromoted(release: Release, problems: string[]): ReleaseError {
  const count = release.shards.length;
  const message = [
    `release ${release.plan.version} stopped before promoting anything: ` +
      `the shards did not all succeed (${count} planned):`,
    ...problems.map((problem) => `  ${problem}`),
    "  nothing was promoted and no tag was moved",
  ].join("\n");
  return new ReleaseError(
    message,
    "Rerun the shards named above (in Actions: Re-run failed jobs), then the promotion; " +
      "shards that passed keep their staged images.",
  );
}
