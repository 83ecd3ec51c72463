// Pure release planner: trigger + config + bake targets → version, registry, platforms and,
// per image, its repository, tags and smoke spec. A non-semver tag ref fails here, before any build.
import semver from "semver";
import { UsageError } from "../errors/errors.ts";
import type { ImagesConfig } from "../config/types.ts";
import type { AttestMode } from "../plan/plan.ts";
import { ciPlatforms, samePlatform } from "../plan/platforms.ts";
import type { Shard } from "../plan/matrix.ts";
import { parseFlavor, parseTagRules, planTags, requireSemverRef, type GitContext } from "../tags/index.ts";
import {
  formatRepository,
  parseRegistry,
  repositoryIn,
  type RegistryLocation,
  type RepositoryRef,
} from "../registry/ref.ts";

export { ciPlatforms };

export interface ReleaseTarget {
  name: string;
  /** Absolute path of the image's smoke.yaml, when it has one. */
  specFile?: string;
}

export interface ReleasePlanInput {
  context: GitContext;
  config: ImagesConfig;
  targets: ReleaseTarget[];
  now: Date;
  nativePlatform: string;
  /** Inside GitHub Actions: build for ciPlatforms unless told otherwise. */
  ci: boolean;
  registry?: string;
  platforms?: string[];
  shortShaLength?: number;
  /**
   * Default: provenance and SBOM in Actions; elsewhere provenance only (the SBOM scanner image comes
   * from Docker Hub).
   */
  attest?: AttestMode;
  /** How the build pushes (builder-path.ts); default: staging tags, which every driver can. */
  push?: PushMode;
  /** false for the promotion, which smoke-tests nothing here: any platforms will do. */
  requireNative?: boolean;
  /** `release --shard`: this runner's targets and platform (their dependencies are built, never released). */
  shard?: Pick<Shard, "id" | "targets" | "platform" | "dependencies">;
}

export type PushMode = "tags" | "digest";

/** A release shard: its id and platform, and the dependencies it builds (their local images are removed afterwards). */
export interface ShardPart {
  id: string;
  platform: string;
  dependencies: ReleaseImage[];
}

export interface ReleaseImage {
  target: string;
  repository: RepositoryRef;
  /** Bare tags (`1.2.3`, `latest`, `sha-…`) to point at the pushed digest. */
  tags: string[];
  specFile?: string;
}

export interface ReleasePlan {
  version: string;
  prerelease: boolean;
  registry: RegistryLocation;
  platforms: string[];
  nativePlatform: string;
  attest: AttestMode;
  images: ReleaseImage[];
  /** Absent: staging tags. */
  push?: PushMode;
  shard?: ShardPart;
}

export function planRelease(input: ReleasePlanInput): ReleasePlan {
  const version = requireSemverRef(input.context);
  const registry = parseRegistry(input.registry ?? input.config.registry);
  // A shard builds one platform, natively on its runner (or under emulation in a rehearsal).
  const platforms = input.shard ? [input.shard.platform] : choosePlatforms(input);
  if (input.targets.length === 0)
    throw new UsageError(
      "there is no image to release: the bake file's default group is empty",
      "List the images in the `default` group of the bake file.",
    );
  const shard = input.shard;
  const targets = shard ? input.targets.filter((target) => shard.targets.includes(target.name)) : input.targets;
  return {
    version,
    prerelease: semver.prerelease(version) !== null,
    registry,
    platforms,
    nativePlatform: input.nativePlatform,
    attest: input.attest ?? (input.ci ? "full" : "provenance"),
    images: targets.map((target) => planImage(input, registry, target)),
    push: input.push ?? "tags",
    ...(shard
      ? {
          shard: {
            id: shard.id,
            platform: shard.platform,
            dependencies: shard.dependencies.map((name) => planImage(input, registry, { name })),
          },
        }
      : {}),
  };
}

export function choosePlatforms(
  input: Pick<ReleasePlanInput, "platforms" | "config" | "ci" | "nativePlatform" | "requireNative">,
): string[] {
  const chosen = input.platforms?.length
    ? input.platforms
    : input.config.platforms.length
      ? input.config.platforms
      : input.ci
        ? ciPlatforms
        : [input.nativePlatform];
  const platforms = [...new Set(chosen.map((platform) => platform.trim()).filter(Boolean))];
  const invalid = platforms.filter((platform) => !/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(platform));
  if (invalid.length > 0)
    throw new UsageError(
      `not a platform: ${invalid.join(", ")}`,
      "Use OS/ARCH[/VARIANT], e.g. --platform linux/amd64,linux/arm64.",
    );
  if (input.requireNative !== false && !platforms.some((platform) => samePlatform(platform, input.nativePlatform))) {
    throw new UsageError(
      `smoke specs run on this machine's platform ${input.nativePlatform}, which is not among ${platforms.join(", ")}`,
      `Add ${input.nativePlatform} to --platform.`,
    );
  }
  return platforms;
}

function planImage(input: ReleasePlanInput, registry: RegistryLocation, target: ReleaseTarget): ReleaseImage {
  const repository = repositoryIn(registry, input.config.images[target.name] ?? target.name);
  const reference = formatRepository(repository);
  const { tags } = planTags({
    images: [reference],
    rules: parseTagRules(input.config.tags),
    flavor: parseFlavor(input.config.flavor),
    context: input.context,
    now: input.now,
    ...(input.shortShaLength === undefined ? {} : { shortShaLength: input.shortShaLength }),
  });
  return {
    target: target.name,
    repository,
    tags: tags.map((tag) => tag.slice(reference.length + 1)),
    ...(target.specFile ? { specFile: target.specFile } : {}),
  };
}

/** `process.platform`/`process.arch` → an OCI platform string. */

export { nativePlatformOf } from "../plan/platforms.ts";
