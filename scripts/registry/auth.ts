// Registry credentials and the token dance of the Distribution API: Basic, or Bearer from the
// realm named in a 401 challenge (GHCR, Docker Hub). Parsing is pure; fetching takes `fetch` in.
import { homedir } from "node:os";
import { join } from "node:path";

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: "basic" | "bearer";
  params: Record<string, string>;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
}

/** IMAGES_REGISTRY_USERNAME/PASSWORD win; else the host's entry in docker's config.json (what docker/login-action writes). */
export function credentialsFor(host: string, env: NodeJS.ProcessEnv, dockerConfigText: string | undefined): Credentials | undefined {
  if (env.IMAGES_REGISTRY_USERNAME && env.IMAGES_REGISTRY_PASSWORD) return { username: env.IMAGES_REGISTRY_USERNAME, password: env.IMAGES_REGISTRY_PASSWORD };
  const entry = dockerConfigEntry(host, dockerConfigText);
  if (!entry) return undefined;
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function dockerConfigEntry(host: string, text: string | undefined): NonNullable<DockerConfig["auths"]>[string] | undefined {
  if (!text) return undefined;
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch {
    return undefined;
  }
  const auths = config.auths ?? {};
  const key = Object.keys(auths).find((name) => name.replace(/^https?:\/\//, "").replace(/\/.*$/, "") === host);
  return key === undefined ? undefined : auths[key];
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), ".docker"), "config.json");
}

/** `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"` → parts. */
export function parseChallenge(header: string | null): Challenge | undefined {
  const match = /^\s*(basic|bearer)\b(.*)$/i.exec(header ?? "");
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const pair of (match[2] ?? "").matchAll(/([a-z_]+)="([^"]*)"/gi)) {
    if (pair[1] !== undefined && pair[2] !== undefined) params[pair[1].toLowerCase()] = pair[2];
  }
  return { scheme: (match[1] ?? "").toLowerCase() === "basic" ? "basic" : "bearer", params };
}

export function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

export function tokenUrl(challenge: Challenge, repository: string): string | undefined {
  const realm = challenge.params.realm;
  if (!realm) return undefined;
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  url.searchParams.set("scope", `repository:${repository}:pull,push,delete`);
  return url.toString();
}

/** The Authorization header to retry with after a 401, or undefined when we have nothing to offer. */
export async function answerChallenge(challenge: Challenge, repository: string, credentials: Credentials | undefined, fetchFn: typeof fetch): Promise<string | undefined> {
  if (challenge.scheme === "basic") return credentials ? basicHeader(credentials) : undefined;
  const url = tokenUrl(challenge, repository);
  if (!url) return undefined;
  const response = await fetchFn(url, { headers: credentials ? { authorization: basicHeader(credentials) } : {} });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  return token ? `Bearer ${token}` : undefined;
}
