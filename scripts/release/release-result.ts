// What a release run produces, as data: the images the build pushed (paired with the plan), what
// is copied where, which tags point at which digest, and the versioned result. Pure.
import { ReleaseError } from "../errors/errors.ts";
import { formatRegistry, formatRepository } from "../registry/ref.ts";
import type { BuildReport, BuildTargetReport, SmokeReport } from "./deps.ts";
import type { Promotion } from "./promote.ts";
import type { ReleaseImage, ReleasePlan } from "./release-plan.ts";
import type { MoveResult, TagAssignment } from "./tag-mover.ts";

export type SmokeState = "passed" | "failed" | "not-run";

export interface ReleasedImage {
  target: string;
  repository: string;
  digest: string;
  tags: string[];
  size?: number;
  smoke: SmokeState;
  cachedSteps: number;
  totalSteps: number;
  tagsMoved: number;
  tagsUnchanged: number;
}

export interface ReleaseResult {
  schemaVersion: 1;
  version: string;
  registry: string;
  platforms: string[];
  images: ReleasedImage[];
  /** Staged tags the registry would not delete (read back), when there are any. */
  stagingLeft?: string[];
}

export interface BuiltImage {
  image: ReleaseImage;
  build: BuildTargetReport;
  digest: string;
}

/** Every planned image must come back built with a digest; anything else stops the release. */
export function pairBuilt(images: ReleaseImage[], report: BuildReport): BuiltImage[] {
  const problems: string[] = [];
  const built = images.flatMap((image) => {
    const build = report.targets.find((entry) => entry.target === image.target);
    if (build?.status === "built" && build.digest) return [{ image, build, digest: build.digest }];
    problems.push(`${image.target} (${build ? (build.reason ?? build.status) : "missing from the build report"})`);
    return [];
  });
  if (problems.length > 0)
    throw new ReleaseError(`the build did not push every image by digest: ${problems.join(", ")}; no tag was moved`);
  return built;
}

/** `host/ns/release-staging/api[:tag]` → `ns/release-staging/api`. */
export function stagingRepository(imageRef: string): string {
  const path = imageRef.slice(imageRef.indexOf("/") + 1);
  const colon = path.lastIndexOf(":");
  return colon > path.lastIndexOf("/") ? path.slice(0, colon) : path;
}

export function promotions(built: BuiltImage[]): Promotion[] {
  return built.map((entry) => ({
    target: entry.image.target,
    from: stagingRepository(entry.build.image),
    to: entry.image.repository.repository,
    digest: entry.digest,
  }));
}

export function assignments(built: BuiltImage[]): TagAssignment[] {
  return built.map((entry) => ({
    target: entry.image.target,
    repository: entry.image.repository.repository,
    digest: entry.digest,
    tags: entry.image.tags,
  }));
}

export function releaseResult(
  plan: ReleasePlan,
  built: BuiltImage[],
  smoke: SmokeReport,
  moved: MoveResult,
  sizes: Record<string, number> = {},
): ReleaseResult {
  return {
    schemaVersion: 1,
    version: plan.version,
    registry: formatRegistry(plan.registry),
    platforms: plan.platforms,
    images: built.map(({ image, build, digest }) => {
      const changes = moved.changes.filter((change) => change.target === image.target);
      const reference = formatRepository(image.repository);
      return {
        target: image.target,
        repository: reference,
        // What the tags point at: on a rerun, the digest the release already had.
        digest: changes[0]?.digest ?? digest,
        tags: image.tags.map((tag) => `${reference}:${tag}`),
        ...(sizes[image.target] === undefined ? {} : { size: sizes[image.target] }),
        smoke: smoke.results.find((result) => result.target === image.target)?.passed === false ? "failed" : "passed",
        cachedSteps: build.cachedSteps,
        totalSteps: build.totalSteps,
        tagsMoved: changes.filter((change) => change.status === "moved").length,
        tagsUnchanged: changes.filter((change) => change.status === "unchanged").length,
      };
    }),
  };
}
