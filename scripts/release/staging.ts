// The staging namespace the build pushes into, and its cleanup: the local tags the build left in
// the engine, and the staged tags in the registry (removed as far as the registry allows).
import type { RegistryClient } from "../registry/client.ts";
import { formatRegistry, type RegistryLocation } from "../registry/ref.ts";
import type { ReleasePlan } from "./release-plan.ts";

export const stagingName = "release-staging";

/**
 * Where the build pushes: a staging namespace next to the release repositories, never read by users.
 * A shard stages under its platform (`release-staging/linux-arm64/api`): runners of one image's
 * platforms push the same tags at the same time, and must not overwrite each other's.
 */
export function stagingLocation(registry: RegistryLocation, platform?: string): RegistryLocation {
  const staging = platform ? `${stagingName}/${platform.replaceAll("/", "-")}` : stagingName;
  return { host: registry.host, namespace: registry.namespace ? `${registry.namespace}/${staging}` : staging };
}

/** One staging repository (`ns/release-staging/api`) and the tags this release pushes to it. */
export interface StagedImage {
  repository: string;
  tags: string[];
}

export function stagedImages(plan: Pick<ReleasePlan, "registry" | "images" | "shard">): StagedImage[] {
  const staging = stagingLocation(plan.registry, plan.shard?.platform);
  return plan.images.map((image) => {
    const path = image.repository.repository;
    const name = plan.registry.namespace ? path.slice(plan.registry.namespace.length + 1) : path;
    return { repository: staging.namespace ? `${staging.namespace}/${name}` : name, tags: image.tags };
  });
}

/**
 * The tags the native (smoke) build loaded into the engine: `host/ns/release-staging/api:1.2.3`, …
 * and, in a shard, what it built FROM under the shard's own tag.
 */
export function localStagingRefs(plan: Pick<ReleasePlan, "registry" | "images" | "shard">): string[] {
  const host = plan.registry.host;
  const shard = plan.shard;
  const own = stagedImages(plan).flatMap((image) => image.tags.map((tag) => `${host}/${image.repository}:${tag}`));
  if (!shard) return own;
  const dependencies = stagedImages({ ...plan, images: shard.dependencies }).map(
    (image) => `${host}/${image.repository}:${shardTag(shard.id)}`,
  );
  return [...own, ...dependencies];
}

/** A shard's tag for what it builds FROM: `notes-agent.linux-amd64`, as a valid tag. */
export function shardTag(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 128);
}

/** Untags only: the layers stay for the next build's cache; refs that are not there are ignored. */
export function untagArgv(refs: string[]): string[] {
  return ["docker", "image", "rm", ...refs];
}

export interface StagingCleanup {
  removed: string[];
  /** Staged tags still in the registry afterwards (read back), e.g. where it refuses DELETE. */
  left: string[];
  /** Staged tags not checked: the registry stopped answering (nothing is claimed about them). */
  unknown: string[];
}

/** Delete the staged tags (by tag, else by digest), then read back which are still there. */
export async function cleanStaging(client: RegistryClient, staged: StagedImage[]): Promise<StagingCleanup> {
  const cleanup: StagingCleanup = { removed: [], left: [], unknown: [] };
  for (const image of staged) {
    for (const tag of image.tags) {
      const ref = `${client.host}/${image.repository}:${tag}`;
      // Once the registry has stopped answering, the rest are not tried (and not guessed).
      const gone = cleanup.unknown.length > 0;
      const outcome = gone ? "unknown" : await removeTag(client, image.repository, tag).catch(unknown);
      if (outcome !== "absent") cleanup[outcome].push(ref);
    }
  }
  return cleanup;
}

const unknown = (): "unknown" => "unknown";

type Removal = "absent" | "removed" | "left";

async function removeTag(client: RegistryClient, repository: string, tag: string): Promise<Removal> {
  const digest = (await client.headManifest(repository, tag))?.digest;
  if (!digest) return "absent";
  if ((await client.deleteManifest(repository, tag)) === "unsupported") await client.deleteManifest(repository, digest);
  return (await client.headManifest(repository, tag)) ? "left" : "removed";
}

function line(refs: string[], label: string): string[] {
  return refs.length > 0 ? [`  ${label}: ${refs.join(", ")}`] : [];
}

export function describeStaging(cleanup: StagingCleanup | undefined, registry: RegistryLocation): string[] {
  if (!cleanup) return [];
  const where = `${formatRegistry(stagingLocation(registry))}/*`;
  return [
    ...line(cleanup.left, `staged tags the registry would not delete (in ${where}, never pulled by users)`),
    ...line(cleanup.unknown, "staged tags not checked (the registry did not answer)"),
  ];
}
