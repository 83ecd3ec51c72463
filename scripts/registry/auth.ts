// The token dance of the Distribution API: Basic, or Bearer from the realm named in a 401
// challenge (GHCR, Docker Hub). Credentials go only to the registry's own host, over https
// (plain http only for a loopback registry); any other realm is asked anonymously.
import type { Credentials } from "./credentials.ts";
import { isLoopback } from "./ref.ts";
import type { HttpReply, Transport } from "./transport.ts";

export type { Credentials } from "./credentials.ts";

export interface Challenge {
  scheme: "basic" | "bearer";
  params: Record<string, string>;
}

/** The header to retry with (if any), and why credentials were withheld (for the 401 message). */
export interface ChallengeAnswer {
  authorization?: string;
  withheld?: string;
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

export function basicHeader(credentials: Pick<Credentials, "username" | "password">): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

export function tokenUrl(challenge: Challenge, repository: string): string | undefined {
  const realm = challenge.params.realm;
  if (!realm || !URL.canParse(realm)) return undefined;
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  url.searchParams.set("scope", scopeOf(repository));
  return url.toString();
}

function scopeOf(repository: string): string {
  return `repository:${repository}:pull,push,delete`;
}

/** Undefined when `realm` may receive the credentials of `registryHost`, else the reason it may not. */
export function realmRefusal(registryHost: string, realm: string): string | undefined {
  const url = new URL(realm);
  const registryName = hostnameOf(registryHost);
  if (url.hostname.toLowerCase() !== registryName) {
    return `the token realm ${url.origin} is not on the registry's host ${registryName}`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopback(registryName)) return undefined;
  return `the token realm ${url.origin} is not https`;
}

/** `ghcr.io:443` → `ghcr.io`; `[::1]:5000` → `[::1]` (as URL.hostname spells it). */
function hostnameOf(host: string): string {
  return new URL(`http://${host}`).hostname.toLowerCase();
}

export interface ChallengeInput {
  challenge: Challenge;
  registryHost: string;
  repository: string;
  credentials: Credentials | undefined;
  fetchFn: Transport;
}

/** How to retry after a 401: Basic for a Basic challenge, else a token from the realm. */
export async function answerChallenge(input: ChallengeInput): Promise<ChallengeAnswer> {
  const { challenge, credentials } = input;
  if (challenge.scheme === "basic") return credentials?.username ? { authorization: basicHeader(credentials) } : {};
  const url = tokenUrl(challenge, input.repository);
  if (!url) return {};
  const withheld = credentials ? realmRefusal(input.registryHost, url) : undefined;
  const offered = withheld ? undefined : credentials;
  const token = offered?.identityToken;
  const response = token ? await refreshToken(input, url, token) : await getToken(input, url, offered);
  const answer = withheld ? { withheld: `credentials were not sent: ${withheld}` } : {};
  if (!response.ok) return answer;
  const body = (await response.json()) as { token?: string; access_token?: string };
  const bearer = body.token ?? body.access_token;
  return bearer ? { ...answer, authorization: `Bearer ${bearer}` } : answer;
}

function getToken(input: ChallengeInput, url: string, credentials: Credentials | undefined): Promise<HttpReply> {
  const headers: Record<string, string> = credentials?.username ? { authorization: basicHeader(credentials) } : {};
  return input.fetchFn(url, { headers });
}

/** docker's OAuth2 exchange of an identity token: a form POST to the realm. */
function refreshToken(input: ChallengeInput, url: string, token: string): Promise<HttpReply> {
  const target = new URL(url);
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: token, client_id: "docker" });
  for (const name of ["service", "scope"]) {
    const value = target.searchParams.get(name);
    if (value) form.set(name, value);
  }
  target.search = "";
  const headers = { "content-type": "application/x-www-form-urlencoded" };
  return input.fetchFn(target.toString(), { method: "POST", headers, body: form.toString() });
}
