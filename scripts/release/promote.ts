// Promote: copy an image by digest from the staging repository into the release repository
// (blobs mounted across repositories, child manifests first, the top manifest last, no tag).
import type { Manifest, RegistryClient } from "../registry/client.ts";

export interface Promotion {
  target: string;
  from: string;
  to: string;
  digest: string;
}

interface ManifestJson {
  manifests?: { digest: string }[];
  config?: { digest: string };
  layers?: { digest: string }[];
}

/** Pure: what a manifest refers to: child manifests (index) or blobs (image). */
export function references(manifest: Manifest): { manifests: string[]; blobs: string[] } {
  const json = JSON.parse(Buffer.from(manifest.body).toString("utf8")) as ManifestJson;
  return {
    manifests: (json.manifests ?? []).map((entry) => entry.digest),
    blobs: [...(json.config ? [json.config.digest] : []), ...(json.layers ?? []).map((layer) => layer.digest)],
  };
}

export async function promote(client: RegistryClient, item: Promotion): Promise<void> {
  if (await client.headManifest(item.to, item.digest)) return;
  const manifest = await client.getManifest(item.from, item.digest);
  if (!manifest) throw new Error(`${client.host}/${item.from}@${item.digest} is not in the staging repository`);
  const { manifests, blobs } = references(manifest);
  for (const child of manifests) await promote(client, { ...item, digest: child });
  for (const blob of blobs) if (!(await client.hasBlob(item.to, blob))) await client.copyBlob(item.from, item.to, blob);
  await client.putManifest(item.to, item.digest, manifest);
}
