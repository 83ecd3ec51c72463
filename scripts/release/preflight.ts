// Before anything is linted or built: is the registry there, does it take our credentials, may
// we push to every repository, and which DELETEs does it allow (what a rollback can undo)?
// An unreachable registry is found here in seconds, not after a minute of lint, build and smoke.
import { ReleaseError } from "../errors/release.ts";
import type { RegistryClient } from "../registry/client.ts";
import { formatRegistry } from "../registry/ref.ts";
import type { ReleasePlan } from "./release-plan.ts";
import { stagedImages, stagingLocation } from "./staging.ts";
import { causeText, type TagRecord } from "./tag-report.ts";

const untouched = "nothing was linted, built or pushed";

export interface RegistryCheck {
  host: string;
  credentials: boolean;
  repositories: number;
  deleteByTag: boolean;
  deleteByDigest: boolean;
  /** Every tag of the release as it was before the release started. */
  before: TagRecord[];
}

/** `staged`: the staging repositories this run pushes to or cleans (default: the plan's own). */
export async function checkRegistry(
  client: RegistryClient,
  plan: ReleasePlan,
  staged = stagedImages(plan).map((image) => image.repository),
): Promise<RegistryCheck> {
  const releases = plan.images.map((image) => image.repository.repository);
  const first = releases[0] ?? "";
  await requireAccess(client, first);
  const repositories = [...new Set([...releases, ...staged])];
  const denied: string[] = [];
  for (const repository of repositories) {
    if (!(await client.mayPush(repository))) denied.push(`${client.host}/${repository}`);
  }
  if (denied.length > 0) {
    const message = `the registry does not let us push to ${denied.join(", ")}: ${untouched}`;
    throw new ReleaseError(message, credentialsHint(client));
  }
  const deletes = await client.deleteSupport(first);
  const before = await snapshot(client, plan);
  return {
    host: client.host,
    credentials: client.hasCredentials,
    repositories: repositories.length,
    deleteByTag: deletes.byTag,
    deleteByDigest: deletes.byDigest,
    before,
  };
}

async function requireAccess(client: RegistryClient, repository: string): Promise<void> {
  let status: number;
  try {
    status = await client.ping(repository);
  } catch (error) {
    const hint = "Check --registry (or `registry` in images.config.yaml) and that the registry is up, then rerun.";
    throw new ReleaseError(`registry ${client.host} is not reachable (${causeText(error)}): ${untouched}`, hint);
  }
  if (status === 200) return;
  const who = client.hasCredentials ? "our credentials" : "anonymous access (no credentials found)";
  const message = `registry ${client.host} refused ${who} (HTTP ${status}): ${untouched}`;
  throw new ReleaseError(message, credentialsHint(client));
}

function credentialsHint(client: RegistryClient): string {
  return [
    `Log in with \`docker login ${client.host}\` (in Actions: docker/login-action with packages: write),`,
    "or set IMAGES_REGISTRY_USERNAME and IMAGES_REGISTRY_PASSWORD.",
  ].join(" ");
}

async function snapshot(client: RegistryClient, plan: ReleasePlan): Promise<TagRecord[]> {
  const records: TagRecord[] = [];
  for (const image of plan.images) {
    for (const tag of image.tags) {
      const before = (await client.headManifest(image.repository.repository, tag))?.digest ?? null;
      records.push({ target: image.target, repository: image.repository.repository, tag, before });
    }
  }
  return records;
}

/** Pure: what the check found and what a rollback will be able to do, for the log before the build. */
export function describeCheck(check: RegistryCheck, plan: Pick<ReleasePlan, "registry" | "shard">): string[] {
  const staging = `${formatRegistry(stagingLocation(plan.registry, plan.shard?.platform))}/*`;
  const canDelete = check.deleteByTag || check.deleteByDigest;
  const who = check.credentials ? "with credentials" : "anonymous";
  const newTags = check.deleteByTag
    ? "a new tag is deleted by tag"
    : check.deleteByDigest
      ? "a new tag is deleted by digest (other tags on that digest are put back)"
      : [
          "a new tag CANNOT be removed (the registry refuses DELETE): if a tag move fails, the new tags",
          "already put stay, the release lists them and fails, and a rerun finishes the release",
        ].join(" ");
  return [
    `registry ${check.host}: reachable, ${who}, push allowed to ${check.repositories} repositories`,
    "rollback: a tag that existed gets its previous manifest back (a PUT; no DELETE needed)",
    `rollback: ${newTags}`,
    plan.shard
      ? `staging: this shard's images stay in ${staging} for the promotion, ` +
        `which ` +
        `${canDelete ? "deletes their tags" : "cannot delete their tags (the registry refuses DELETE)"}`
      : `staging: the staged tags in ${staging} ` +
        `${canDelete ? "are deleted after the release" : "cannot be deleted (listed at the end)"}`,
  ];
}
