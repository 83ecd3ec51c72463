// One image's multi-platform index from the per-platform digests its shards staged, through the
// registry API: each platform's image manifest (and its attestation manifest) is copied into the
// release repository by digest, then a new OCI index listing them all is put there, untagged.
// The same parts always give the same bytes, so a rerun gives the same digest.
import { samePlatform, platformName } from "../plan/platforms.ts";
import { sha256Digest, type Manifest, type RegistryClient } from "../registry/client.ts";
import { promote } from "./promote.ts";
import type { StagedPart } from "./shard-collate.ts";

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

interface ManifestJson {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: { digest: string };
}

export const ociIndex = "application/vnd.oci.image.index.v1+json";
const referenceDigest = "vnd.docker.reference.digest";

/**
 * Pure: the index entries one staged part contributes. From an index: the image of the part's
 * platform and the attestation manifests that describe it. A bare image manifest: itself, with the
 * platform its config names (`configPlatform`). Anything else is an error naming the shard.
 */
export function partEntries(
  part: Pick<StagedPart, "shard" | "platform" | "digest">,
  manifest: Manifest,
  configPlatform?: string,
): Descriptor[] {
  const json = JSON.parse(Buffer.from(manifest.body).toString("utf8")) as ManifestJson;
  if (!json.manifests) {
    if (!configPlatform || !samePlatform(configPlatform, part.platform))
      throw wrongPlatform(part, configPlatform ? [configPlatform] : []);
    const [os, architecture, variant] = configPlatform.split("/");
    return [
      {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.size,
        platform: { os, architecture, ...(variant ? { variant } : {}) },
      },
    ];
  }
  const images = json.manifests.filter((entry) => samePlatform(platformName(entry.platform), part.platform));
  if (images.length === 0)
    throw wrongPlatform(
      part,
      json.manifests.map((entry) => platformName(entry.platform)).filter((name) => !name.startsWith("unknown")),
    );
  const digests = new Set(images.map((entry) => entry.digest));
  const attestations = json.manifests.filter((entry) => digests.has(entry.annotations?.[referenceDigest] ?? ""));
  return [...images, ...attestations];
}

function wrongPlatform(part: Pick<StagedPart, "shard" | "platform" | "digest">, found: string[]): Error {
  return new Error(
    `shard ${part.shard} staged ${part.digest} with no ${part.platform} image ` +
      `(it holds ${found.join(", ") || "no platform"})`,
  );
}

/** Pure: the index over every platform's entries, as the registry will store it. */
export function indexManifest(entries: readonly Descriptor[]): Manifest {
  const body = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: ociIndex, manifests: entries }));
  return { mediaType: ociIndex, digest: sha256Digest(body), size: body.byteLength, body };
}

/** The parts whose staged digest the registry does not have (each named by its shard). */
export async function missingParts(client: RegistryClient, parts: readonly StagedPart[]): Promise<StagedPart[]> {
  const missing: StagedPart[] = [];
  for (const part of parts) if (!(await client.headManifest(part.staged, part.digest))) missing.push(part);
  return missing;
}

/** Copies every part into `to` by digest, then puts the index there (no tag); returns its digest. */
export async function assembleImage(
  client: RegistryClient,
  target: string,
  to: string,
  parts: readonly StagedPart[],
): Promise<string> {
  const entries: Descriptor[] = [];
  for (const part of parts) {
    const manifest = await client.getManifest(part.staged, part.digest);
    if (!manifest)
      throw new Error(
        `shard ${part.shard} reported ${client.host}/${part.staged}@${part.digest}, which is not in the registry`,
      );
    const mine = partEntries(part, manifest, await configPlatformOf(client, part, manifest));
    for (const entry of mine) await promote(client, { target, from: part.staged, to, digest: entry.digest });
    entries.push(...mine);
  }
  const index = indexManifest(entries);
  if (!(await client.headManifest(to, index.digest))) await client.putManifest(to, index.digest, index);
  return index.digest;
}

/** A bare image manifest names its platform only in its config blob. */
async function configPlatformOf(
  client: RegistryClient,
  part: StagedPart,
  manifest: Manifest,
): Promise<string | undefined> {
  const json = JSON.parse(Buffer.from(manifest.body).toString("utf8")) as ManifestJson;
  if (json.manifests || !json.config) return undefined;
  const config = JSON.parse(Buffer.from(await client.getBlob(part.staged, json.config.digest)).toString("utf8")) as {
    os?: string;
    architecture?: string;
    variant?: string;
  };
  return platformName(config);
}
