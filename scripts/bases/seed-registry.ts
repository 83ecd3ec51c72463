// What the seed registry already has, through the shared registry client.
import { EngineError } from "../errors/errors.ts";
import { RegistryClient } from "../registry/client.ts";
import { parseRegistry, repositoryIn, splitTagReference, type RegistryLocation } from "../registry/ref.ts";
import { defaultRetryPolicy, type RetryPolicy } from "../registry/retry.ts";
import type { Transport } from "../registry/transport.ts";
import { indexPlatforms, platformName, type RawManifest } from "../plan/platforms.ts";
import type { Existing } from "./plan.ts";
import { mirrorReference, type StandIn } from "./stand-ins.ts";

/** One quick retry: the registry is local, and a seed should fail fast when it is down. */
const seedRetry: RetryPolicy = { ...defaultRetryPolicy, attempts: 2, baseDelayMs: 200 };

export function seedClient(
  registry: string,
  fetchFn?: Transport,
): { client: RegistryClient; location: RegistryLocation } {
  const location = parseRegistry(registry);
  return {
    location,
    client: new RegistryClient({ host: location.host, retry: seedRetry, ...(fetchFn ? { fetch: fetchFn } : {}) }),
  };
}

/** The stand-in's digest and platforms, or undefined when the registry does not have it. */
export async function standInFound(
  client: RegistryClient,
  location: RegistryLocation,
  standIn: StandIn,
): Promise<Existing | undefined> {
  try {
    const repository = repositoryIn(location, standIn.repository).repository;
    const manifest = await client.getManifest(repository, standIn.tag);
    if (!manifest) return undefined;
    return { digest: manifest.digest, platforms: await manifestPlatforms(client, repository, manifest.body) };
  } catch (error) {
    throw new EngineError(
      `the registry on ${location.host} is not usable: ${error instanceof Error ? error.message : String(error)}`,
      "Run `pnpm images doctor --fix` to start the local registry.",
    );
  }
}

/** An index lists its platforms; a single image says its own in its config. */
async function manifestPlatforms(client: RegistryClient, repository: string, body: Uint8Array): Promise<string[]> {
  const raw = JSON.parse(Buffer.from(body).toString("utf8")) as RawManifest;
  const listed = indexPlatforms(raw);
  if (listed || !raw.config?.digest) return listed ?? [];
  const config = JSON.parse(Buffer.from(await client.getBlob(repository, raw.config.digest)).toString("utf8")) as {
    os?: string;
    architecture?: string;
    variant?: string;
  };
  return [platformName({ os: "linux", architecture: "unknown", ...config })];
}

export async function existingStandIns(
  registry: string,
  table: readonly StandIn[],
  fetchFn?: Transport,
): Promise<Map<string, Existing>> {
  const { client, location } = seedClient(registry, fetchFn);
  const found = new Map<string, Existing>();
  for (const standIn of table) {
    const existing = await standInFound(client, location, standIn);
    if (existing) found.set(mirrorReference(standIn, registry), existing);
  }
  return found;
}

/** The platforms a mirror reference (HOST/REPO:TAG) holds, or undefined when the registry has nothing there. */
export async function mirrorPlatforms(ref: string, fetchFn?: Transport): Promise<string[] | undefined> {
  const { repository, tag } = splitTagReference(ref);
  const { client } = seedClient(repository.host, fetchFn);
  try {
    const manifest = await client.getManifest(repository.repository, tag);
    return manifest ? await manifestPlatforms(client, repository.repository, manifest.body) : undefined;
  } catch (error) {
    throw new EngineError(
      `the mirror registry on ${repository.host} is not usable: ` +
        `${error instanceof Error ? error.message : String(error)}`,
      "Run `pnpm images doctor --fix` to start the local registry.",
    );
  }
}
