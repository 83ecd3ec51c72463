// Pure parsers for what the toolchain programs print. Each takes raw text, returns a normal value.
import semver from "semver";
import { ConfigError } from "../errors/errors.ts";

export const daemonJsonPath = "/etc/docker/daemon.json";

export interface OsRelease {
  id: string;
  idLike: string[];
  codename: string | undefined;
  prettyName: string | undefined;
}

/** /etc/os-release (KEY=value, values optionally quoted). */
export function parseOsRelease(text: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) fields.set(match[1], match[2].replace(/^(["'])(.*)\1$/, "$2"));
  }
  return {
    id: fields.get("ID") ?? "linux",
    idLike: (fields.get("ID_LIKE") ?? "").split(/\s+/).filter(Boolean),
    codename: fields.get("VERSION_CODENAME"),
    prettyName: fields.get("PRETTY_NAME"),
  };
}

export function isDebianFamily(os: OsRelease): boolean {
  return os.id === "debian" || os.idLike.includes("debian");
}

/** `docker buildx version`: "github.com/docker/buildx v0.17.1 257815a" or Debian's "… 0.13.1+ds1 0.13.1+ds1-3". */
export function parseBuildxVersion(text: string): string | undefined {
  const match = /buildx\s+v?(\d+\.\d+\.\d+\S*)/.exec(text);
  return match?.[1];
}

/** `docker compose version --short`: "2.26.1-4" or "v2.29.1". */
export function parseComposeVersion(text: string): string | undefined {
  const match = /^v?(\d+\.\d+\.\d+\S*)/.exec(text.trim());
  return match?.[1];
}

/** `docker version --format {{.Server.Version}}`: the version, or nothing when the engine is down. */
export function parseEngineVersion(text: string): string | undefined {
  const version = text.trim();
  return /^\d+\.\d+/.test(version) ? version : undefined;
}

/** `docker info --format '{{json .DriverStatus}}'`: pairs like [["driver-type","io.containerd.snapshotter.v1"]]. */
export function parseDriverStatus(text: string): Array<[string, string]> {
  let data: unknown;
  try {
    data = JSON.parse(text.trim() || "null");
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string",
  );
}

export function usesContainerdStore(pairs: ReadonlyArray<readonly [string, string]>): boolean {
  return pairs.some(([key, value]) => key === "driver-type" && value.startsWith("io.containerd.snapshotter"));
}

/** First "x.y.z"-like token of a `--version` banner (shellcheck, debootstrap). */
export function parseToolVersion(text: string): string | undefined {
  const match = /(?:^|\s|version:?\s*)v?(\d+\.\d+(?:\.\d+)?[^\s,;)]*)/m.exec(text);
  return match?.[1];
}

/** Loose comparison for Debian-style versions ("0.13.1+ds1"): only major.minor.patch counts. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const coerced = semver.coerce(version);
  return coerced !== null && semver.gte(coerced, minimum);
}

/** /proc/sys/fs/binfmt_misc/<name>: first line "enabled" or "disabled". */
export function binfmtEnabled(text: string | undefined): boolean {
  return text?.split("\n")[0]?.trim() === "enabled";
}

/** Merge the containerd snapshotter feature into an existing daemon.json, keeping every other key. */
export function mergeDaemonJson(existing: string | undefined): { content: string; changed: boolean } {
  const current = parseJsonObject(existing);
  const features = isRecord(current.features) ? current.features : {};
  if (features["containerd-snapshotter"] === true) return { content: existing ?? "", changed: false };
  const merged = { ...current, features: { ...features, "containerd-snapshotter": true } };
  return { content: `${JSON.stringify(merged, null, 2)}\n`, changed: true };
}

function parseJsonObject(text: string | undefined): Record<string, unknown> {
  if (!text?.trim()) return {};
  const hint = "Fix or remove it, then rerun `pnpm images doctor --fix`.";
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      file: daemonJsonPath,
      hint,
    });
  }
  if (!isRecord(data)) throw new ConfigError("must hold a JSON object", { file: daemonJsonPath, hint });
  return data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
