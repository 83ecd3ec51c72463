// Registry credentials found where `docker` finds them (docker/cli config/credentials): the
// DOCKER_AUTH_CONFIG variable, then `credHelpers[host]`, else `credsStore`, else `auths` in
// config.json. A helper is `docker-credential-<name> get`, spawned through the exec seam.
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";

/** What docker's AuthConfig carries for a registry: an identity token wins over the password for tokens. */
export interface Credentials {
  username: string;
  password: string;
  /** An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user) exchanged at the token realm. */
  identityToken?: string;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface CredentialSources {
  env: NodeJS.ProcessEnv;
  /** config.json's text, undefined when there is none. */
  configText: string | undefined;
  configFile: string;
  exec: Exec;
}

/** The username a helper returns when its secret is an identity token. */
const tokenUser = "<token>";
/** Docker Hub's credentials live under its v1 index address. */
const hubAddress = "https://index.docker.io/v1/";

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), ".docker"), "config.json");
}

export async function credentialsFor(host: string, sources: CredentialSources): Promise<Credentials | undefined> {
  const { env } = sources;
  if (env.IMAGES_REGISTRY_USERNAME && env.IMAGES_REGISTRY_PASSWORD) {
    return { username: env.IMAGES_REGISTRY_USERNAME, password: env.IMAGES_REGISTRY_PASSWORD };
  }
  const address = serverAddress(host);
  if (env.DOCKER_AUTH_CONFIG) {
    const envConfig = parseDockerConfig(env.DOCKER_AUTH_CONFIG, "DOCKER_AUTH_CONFIG");
    const fromEnv = entryCredentials(fileEntry(envConfig, address));
    if (fromEnv) return fromEnv;
  }
  if (sources.configText === undefined) return undefined;
  const config = parseDockerConfig(sources.configText, sources.configFile);
  const helper = helperFor(config, address);
  if (helper) return helperGet(sources.exec, helper, address);
  return entryCredentials(fileEntry(config, address));
}

/** The key docker stores a registry's credentials under: the host, or Docker Hub's index address. */
export function serverAddress(host: string): string {
  return ["docker.io", "index.docker.io", "registry-1.docker.io"].includes(host) ? hubAddress : host;
}

export function parseDockerConfig(text: string, file: string): DockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = "Fix the file, or log in again with `docker login`.";
    throw new ConfigError(`${file} is not valid JSON (${reason}): no registry credentials can be read from it`, {
      file,
      hint,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${file} must hold a JSON object`, { file });
  }
  return parsed;
}

/** `credHelpers` for this registry first, then the default `credsStore`. */
export function helperFor(config: DockerConfig, address: string): string | undefined {
  return config.credHelpers?.[address] ?? (config.credsStore || undefined);
}

/** The exact key, else a legacy key (`https://host/v1/`) that names the same host. */
export function fileEntry(config: DockerConfig, address: string): AuthEntry | undefined {
  const auths = config.auths ?? {};
  if (auths[address]) return auths[address];
  const key = Object.keys(auths).find((name) => hostnameOf(name) === address);
  return key === undefined ? undefined : auths[key];
}

/** docker's ConvertToHostname: drop the scheme and any path. */
export function hostnameOf(key: string): string {
  return key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0] ?? "";
}

export function entryCredentials(entry: AuthEntry | undefined): Credentials | undefined {
  if (!entry) return undefined;
  const plain = { username: entry.username ?? "", password: entry.password ?? "" };
  const basic = entry.auth ? decodeAuth(entry.auth) : plain;
  const token = entry.identitytoken ? { identityToken: entry.identitytoken } : {};
  if (!basic.username && !token.identityToken) return undefined;
  return { ...basic, ...token };
}

function decodeAuth(auth: string): { username: string; password: string } {
  const decoded = Buffer.from(auth, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) {
    const hint = "Log in again with `docker login`.";
    throw new ConfigError("an `auth` entry in the docker config is not base64 of USER:PASSWORD", { hint });
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/\0+$/, "") };
}

/** Argv of the credential helper protocol's `get`; the server address goes on stdin. */
export function helperArgv(helper: string): string[] {
  return [`docker-credential-${helper}`, "get"];
}

export async function helperGet(run: Exec, helper: string, address: string): Promise<Credentials | undefined> {
  const argv = helperArgv(helper);
  const result = await run(argv, { input: address, check: false });
  const output = result.stdout.trim() || result.stderr.trim();
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(output)) return undefined;
    const hint = "Run `docker login` for this registry, or set IMAGES_REGISTRY_USERNAME and IMAGES_REGISTRY_PASSWORD.";
    const reason = output || `exit ${result.exitCode}`;
    throw new ConfigError(`the credential helper \`${argv.join(" ")}\` failed for ${address}: ${reason}`, { hint });
  }
  return helperCredentials(result.stdout, argv.join(" "));
}

/** `{"ServerURL":…,"Username":…,"Secret":…}`; the user `<token>` marks an identity token. */
export function helperCredentials(stdout: string, program: string): Credentials | undefined {
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    throw new ConfigError(`\`${program}\` did not answer with JSON credentials`);
  }
  const username = typeof answer.Username === "string" ? answer.Username : "";
  const secret = typeof answer.Secret === "string" ? answer.Secret : "";
  if (!secret) return undefined;
  if (username === tokenUser) return { username: "", password: "", identityToken: secret };
  return { username, password: secret };
}
