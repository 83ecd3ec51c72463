// OCI labels that mark an image as a stand-in, and how they are passed to each tool. Pure.
import type { StandIn } from "./stand-ins.ts";

export const standInSource = "https://deb.debian.org/debian";

export function standInLabels(standIn: StandIn, baseRef?: string): Record<string, string> {
  return {
    "org.opencontainers.image.title": `${standIn.upstream} (stand-in)`,
    "org.opencontainers.image.description": standIn.description,
    "org.opencontainers.image.source": standIn.source ?? standInSource,
    "org.opencontainers.image.vendor": "Debian packages, assembled by pnpm images bases seed (not the official image)",
    ...(baseRef ? { "org.opencontainers.image.base.name": baseRef } : {}),
  };
}

/** `docker import --change` instructions: one LABEL per key, values JSON-quoted. */
export function importChanges(labels: Record<string, string>, cmd: readonly string[]): string[] {
  const changes = [`CMD ${JSON.stringify(cmd)}`];
  for (const [key, value] of Object.entries(labels)) changes.push(`LABEL ${key}=${JSON.stringify(value)}`);
  return changes;
}

export function labelArgs(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
}
