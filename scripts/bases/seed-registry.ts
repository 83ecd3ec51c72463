// What the seed registry already has, through the shared registry client.
import { EngineError } from "../errors/errors.ts";
import { RegistryClient } from "../registry/client.ts";
import { parseRegistry, repositoryIn, type RegistryLocation } from "../registry/ref.ts";
import { defaultRetryPolicy, type RetryPolicy } from "../registry/retry.ts";
import { mirrorReference, type StandIn } from "./stand-ins.ts";

/** One quick retry: the registry is local, and a seed should fail fast when it is down. */
const seedRetry: RetryPolicy = { ...defaultRetryPolicy, attempts: 2, baseDelayMs: 200 };

export function seedClient(registry: string, fetchFn?: typeof fetch): { client: RegistryClient; location: RegistryLocation } {
  const location = parseRegistry(registry);
  return { location, client: new RegistryClient({ host: location.host, retry: seedRetry, ...(fetchFn ? { fetch: fetchFn } : {}) }) };
}

/** The digest of the stand-in's tag, or undefined when the registry does not have it. */
export async function standInDigest(client: RegistryClient, location: RegistryLocation, standIn: StandIn): Promise<string | undefined> {
  try {
    return (await client.headManifest(repositoryIn(location, standIn.repository).repository, standIn.tag))?.digest;
  } catch (error) {
    throw new EngineError(`the registry on ${location.host} is not usable: ${error instanceof Error ? error.message : String(error)}`, "Run `pnpm images doctor --fix` to start the local registry.");
  }
}

export async function existingDigests(registry: string, table: readonly StandIn[], fetchFn?: typeof fetch): Promise<Map<string, string>> {
  const { client, location } = seedClient(registry, fetchFn);
  const found = new Map<string, string>();
  for (const standIn of table) {
    const digest = await standInDigest(client, location, standIn);
    if (digest) found.set(mirrorReference(standIn, registry), digest);
  }
  return found;
}
