// A rerun of a release builds the same images, but BuildKit's provenance records when it ran, so
// the new index has a new digest. When the release's version tag already holds an index with the
// very same images, the rerun keeps that digest: tags stay put and the release stays idempotent.
import { platformName, type RawManifest } from "../plan/platforms.ts";
import type { Manifest, RegistryClient } from "../registry/client.ts";
import type { TagAssignment } from "./tag-mover.ts";

/** Pure: an index's images as sorted `platform digest` lines, attestations left out; undefined for a single image. */
export function imagesOf(manifest: Pick<Manifest, "body">): string[] | undefined {
  const raw = JSON.parse(Buffer.from(manifest.body).toString("utf8")) as RawManifest;
  if (!raw.manifests) return undefined;
  return raw.manifests
    .filter((entry) => entry.annotations?.["vnd.docker.reference.type"] !== "attestation-manifest")
    .map((entry) => `${platformName(entry.platform)} ${entry.digest ?? ""}`)
    .sort();
}

/** Pure: the same images, whatever the attestations say. */
export function sameImages(a: Pick<Manifest, "body">, b: Pick<Manifest, "body">): boolean {
  const left = imagesOf(a);
  const right = imagesOf(b);
  return left !== undefined && right !== undefined && left.join("\n") === right.join("\n");
}

/** Each assignment whose version tag (its first) already holds the same images gets that digest. */
export async function adoptEquivalent(
  client: RegistryClient,
  assignments: TagAssignment[],
  log: (line: string) => void,
): Promise<TagAssignment[]> {
  return Promise.all(
    assignments.map(async (item) => {
      const version = item.tags[0];
      const current = version === undefined ? undefined : await client.getManifest(item.repository, version);
      if (!current || current.digest === item.digest) return item;
      const built = await client.getManifest(item.repository, item.digest);
      if (!built || !sameImages(current, built)) return item;
      log(
        `${client.host}/${item.repository}:${version} already holds ` +
          `these images (${current.digest}); only the attestations ` +
          `differ, so it stays`,
      );
      return { ...item, digest: current.digest };
    }),
  );
}
