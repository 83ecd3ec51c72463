// Image size from the registry: for an index, the manifest of one platform; the size is its
// config plus layers (compressed, as pulled), which is what the summary table shows.
import type { RegistryClient } from "../registry/client.ts";

interface Descriptor {
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

interface ManifestJson {
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

/** Pure: the descriptor of `os/arch` in an index (attestation manifests are `unknown/unknown`). */
export function platformDescriptor(index: ManifestJson, platform: string): Descriptor | undefined {
  const [os, architecture] = platform.split("/");
  return (index.manifests ?? []).find(
    (entry) => entry.platform?.os === os && entry.platform?.architecture === architecture,
  );
}

/** Pure: config + layers of an image manifest. */
export function imageBytes(manifest: ManifestJson): number {
  return (manifest.config?.size ?? 0) + (manifest.layers ?? []).reduce((total, layer) => total + layer.size, 0);
}

export async function imageSize(
  client: RegistryClient,
  repository: string,
  digest: string,
  platform: string,
): Promise<number | undefined> {
  const top = await readJson(client, repository, digest);
  if (!top?.manifests) return top ? imageBytes(top) : undefined;
  const entry = platformDescriptor(top, platform);
  const image = entry ? await readJson(client, repository, entry.digest) : undefined;
  return image ? imageBytes(image) : undefined;
}

async function readJson(client: RegistryClient, repository: string, digest: string): Promise<ManifestJson | undefined> {
  const manifest = await client.getManifest(repository, digest);
  return manifest ? (JSON.parse(Buffer.from(manifest.body).toString("utf8")) as ManifestJson) : undefined;
}
