// Wires the real stages (lint gate, build, smoke) and the registry into ReleaseDeps.
import { existsSync, readFileSync } from "node:fs";
import { runBuild } from "../bake/build.ts";
import { lintGate } from "../lint/gate.ts";
import { runSmoke } from "../smoke/runner.ts";
import type { ReleaseDeps } from "./deps.ts";
import { assembleImage, missingParts } from "./assemble.ts";
import { imageSize } from "./image-size.ts";
import { checkRegistry } from "./preflight.ts";
import { promote } from "./promote.ts";
import { cleanStaging, untagArgv } from "./staging.ts";
import { readBack } from "./tag-report.ts";
import type { Exec } from "../process/exec.ts";
import { credentialsFor, dockerConfigPath } from "../registry/credentials.ts";
import { RegistryClient } from "../registry/client.ts";
import { defaultRetryPolicy, type RetryPolicy } from "../registry/retry.ts";
import { moveTags } from "./tag-mover.ts";

/** A client with the credentials docker would use for `host` (env, helpers, config.json). */
export async function registryClient(
  host: string,
  env: NodeJS.ProcessEnv,
  exec: Exec,
  log: (line: string) => void,
): Promise<RegistryClient> {
  const configFile = dockerConfigPath(env);
  const configText = existsSync(configFile) ? readFileSync(configFile, "utf8") : undefined;
  const credentials = await credentialsFor(host, { env, configText, configFile, exec });
  return new RegistryClient({ host, retry: retryPolicy(env, log), ...(credentials ? { credentials } : {}) });
}

/** IMAGES_RELEASE_RETRIES / IMAGES_RELEASE_RETRY_MS tune the backoff (tests make it short). */
export function retryPolicy(env: NodeJS.ProcessEnv, log: (line: string) => void): RetryPolicy {
  const attempts = Number(env.IMAGES_RELEASE_RETRIES ?? defaultRetryPolicy.attempts);
  const baseDelayMs = Number(env.IMAGES_RELEASE_RETRY_MS ?? defaultRetryPolicy.baseDelayMs);
  return {
    ...defaultRetryPolicy,
    attempts: Number.isInteger(attempts) && attempts > 0 ? attempts : defaultRetryPolicy.attempts,
    baseDelayMs: Number.isFinite(baseDelayMs) && baseDelayMs >= 0 ? baseDelayMs : defaultRetryPolicy.baseDelayMs,
    onRetry: (error, attempt, delay) =>
      log(`registry: ${error instanceof Error ? error.message : String(error)}; try ${attempt + 1} in ${delay} ms`),
  };
}

export function liveDeps(
  client: RegistryClient,
  exec: Exec,
  nativePlatform: string,
  log: (line: string) => void,
): ReleaseDeps {
  return {
    lintGate: (input) => lintGate(input),
    runBuild,
    runSmoke,
    missingStaged: (parts) => missingParts(client, parts),
    assemble: (target, repository, parts) => assembleImage(client, target, repository, parts),
    promote: async (items) => {
      for (const item of items) await promote(client, item);
    },
    checkRegistry: (plan, staged) => checkRegistry(client, plan, staged),
    cleanStaging: (staged) => cleanStaging(client, staged),
    readTags: (records) => readBack(client, records),
    untagLocal: async (refs) => {
      if (refs.length > 0) await exec(untagArgv(refs), { check: false });
    },
    moveTags: (assignments) => moveTags(client, assignments, log),
    imageSize: (repository, digest) => imageSize(client, repository, digest, nativePlatform),
  };
}
