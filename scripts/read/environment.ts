// Facts about the machine a build needs, read at the edge: mirror reachability,
// host CA bundle.
import { existsSync } from "node:fs";
import type { ImagesConfig } from "../config/types.ts";
import { isLoopback, registryBaseUrl } from "../registry/ref.ts";
import { transport } from "../registry/transport.ts";

/** The host CA bundle to pass as build secret `host_ca` (never a layer), if there is one. */
export function hostCaFile(env: NodeJS.ProcessEnv): string | undefined {
  return [env.IMAGES_HOST_CA, env.NODE_EXTRA_CA_CERTS, env.SSL_CERT_FILE, "/etc/ssl/certs/ca-certificates.crt"].find(
    (file): file is string => Boolean(file && existsSync(file)),
  );
}

/** Effective mirror map: `auto` uses mirrors whose registry answers /v2/. */
export async function effectiveMirrors(config: ImagesConfig): Promise<Record<string, string>> {
  if (config.mirrorMode === "off") return {};
  if (config.mirrorMode === "on") return config.mirrors;
  const hosts = [...new Set(Object.values(config.mirrors).map((mirror) => mirror.split("/")[0] ?? ""))];
  const up = new Set(
    (await Promise.all(hosts.map(async (host) => ((await registryAnswers(host)) ? host : undefined)))).filter(Boolean),
  );
  return Object.fromEntries(Object.entries(config.mirrors).filter(([, mirror]) => up.has(mirror.split("/")[0] ?? "")));
}

export async function registryAnswers(host: string): Promise<boolean> {
  // A loopback registry that is not running refuses at once; one that is running but slow (a busy
  // machine) must not silently turn mirrors off, which sends the build to Docker Hub.
  const timeoutMs = isLoopback(host.replace(/:\d+$/, "")) ? 15_000 : 3_000;
  const status = await httpStatus(`${registryBaseUrl(host)}/v2/`, "GET", timeoutMs);
  return status === 200 || status === 401;
}

/** The URLs among `urls` that give no HTTP answer at all (any status counts as an answer). */
export async function unreachableUrls(urls: readonly string[]): Promise<Set<string>> {
  const answers = await Promise.all(
    urls.map(async (url) => ((await httpStatus(url, "HEAD", 3000)) === undefined ? url : undefined)),
  );
  return new Set(answers.filter((url): url is string => url !== undefined));
}

/** The status of one bounded request, or undefined when nothing answered. */
async function httpStatus(url: string, method: "GET" | "HEAD", timeoutMs: number): Promise<number | undefined> {
  try {
    return (await transport(url, { method, signal: AbortSignal.timeout(timeoutMs) })).status;
  } catch {
    return undefined;
  }
}
