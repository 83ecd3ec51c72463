// Registry locations and image references as plain data: parse once, print everywhere.
import { UsageError } from "../errors/errors.ts";

/** `HOST[:PORT][/NAMESPACE]`, the value of --registry and of `registry:` in the config. */
export interface RegistryLocation {
  host: string;
  namespace: string;
}

/** One repository in one registry, e.g. host `127.0.0.1:5000`, repository `rehearsal/api`. */
export interface RepositoryRef {
  host: string;
  repository: string;
}

const hostPattern =
  /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:]+\])(:\d{1,5})?$/i;
const pathPattern = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

export function parseRegistry(value: string): RegistryLocation {
  const trimmed = value
    .trim()
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/+$/, "");
  const [host = "", ...rest] = trimmed.split("/");
  const namespace = rest.join("/");
  if (!hostPattern.test(host) || (namespace !== "" && !pathPattern.test(namespace))) {
    throw new UsageError(
      `"${value}" is not a registry location`,
      "Use HOST[:PORT][/NAMESPACE], for example ghcr.io/acme or 127.0.0.1:5000/rehearsal.",
    );
  }
  return { host: host.toLowerCase(), namespace };
}

export function formatRegistry(location: RegistryLocation): string {
  return location.namespace ? `${location.host}/${location.namespace}` : location.host;
}

export function repositoryIn(location: RegistryLocation, image: string): RepositoryRef {
  return { host: location.host, repository: location.namespace ? `${location.namespace}/${image}` : image };
}

export function formatRepository(ref: RepositoryRef): string {
  return `${ref.host}/${ref.repository}`;
}

/** `host/repo:tag` → the repository and the tag; the host must be explicit (no Docker Hub guess). */
export function splitTagReference(reference: string): { repository: RepositoryRef; tag: string } {
  const slash = reference.indexOf("/");
  const colon = reference.lastIndexOf(":");
  if (slash < 0 || colon < slash) throw new UsageError(`"${reference}" is not a HOST/REPOSITORY:TAG reference`);
  return {
    repository: { host: reference.slice(0, slash), repository: reference.slice(slash + 1, colon) },
    tag: reference.slice(colon + 1),
  };
}

/** Plain http for loopback registries (as the Docker engine does), https elsewhere. */
export function registryBaseUrl(host: string): string {
  return `${isLoopback(host.replace(/:\d+$/, "")) ? "http" : "https"}://${host}`;
}

/** A host name (no port) that only this machine answers. */
export function isLoopback(name: string): boolean {
  return name === "localhost" || /^127\./.test(name) || name === "[::1]";
}
