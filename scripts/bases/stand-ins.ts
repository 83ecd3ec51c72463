// The air-gapped stand-ins for public base images: data, not code. images.config.yaml `mirrors`
// maps each `upstream` to `mirrorReference(standIn)`; the lead's config check compares against this table.

export const defaultSeedRegistry = "127.0.0.1:5000";
export const debianMirror = "http://deb.debian.org/debian";

export type StandInRecipe =
  | { kind: "debootstrap"; suite: string; variant: "minbase"; mirror: string; cmd: string[] }
  | {
      kind: "dockerfile";
      /** Upstream name of the stand-in it builds on (seeded first, from the same registry). */
      from: string;
      packages: string[];
      /** Extra shell commands after the install, to look like the real image. */
      tweaks: string[];
      env: Record<string, string>;
      cmd: string[];
      user?: string;
      workdir?: string;
      volume?: string;
      expose?: number;
    };

export interface StandIn {
  /** The public reference Dockerfiles use, e.g. "python:3.12-slim-bookworm". */
  upstream: string;
  /** Repository under the seed registry, e.g. "library/python". */
  repository: string;
  tag: string;
  description: string;
  recipe: StandInRecipe;
  /** Platforms seeded by default (foreign ones when QEMU is there); otherwise this machine's only. */
  platforms?: string[];
}

export const standIns: readonly StandIn[] = [
  {
    upstream: "debian:bookworm-slim",
    repository: "library/debian",
    tag: "bookworm-slim",
    description: "Air-gapped stand-in for debian:bookworm-slim: debootstrap " + "--variant=minbase bookworm from deb.debian.org, apt lists " + "and caches removed",
    recipe: { kind: "debootstrap", suite: "bookworm", variant: "minbase", mirror: debianMirror, cmd: ["bash"] },
    // Both, so multi-platform builds FROM debian work air-gapped (about 2 minutes under QEMU).
    platforms: ["linux/amd64", "linux/arm64"],
  },
  {
    upstream: "python:3.12-slim-bookworm",
    repository: "library/python",
    tag: "3.12-slim-bookworm",
    description: "Air-gapped stand-in for python:3.12-slim-bookworm built from Debian bookworm packages (python3 3.11, venv, pip)",
    recipe: {
      kind: "dockerfile",
      from: "debian:bookworm-slim",
      packages: ["python3", "python3-venv", "python3-pip"],
      // The real image's python is its own build, so `pip install` works system-wide there; allow it here too.
      tweaks: ["ln -s /usr/bin/python3 /usr/local/bin/python", "rm -f /usr/lib/python3*/EXTERNALLY-MANAGED"],
      env: { LANG: "C.UTF-8" },
      cmd: ["python3"],
    },
  },
  {
    upstream: "node:20-bookworm-slim",
    repository: "library/node",
    tag: "20-bookworm-slim",
    description: "Air-gapped stand-in for node:20-bookworm-slim built from Debian bookworm packages (nodejs 18, npm)",
    recipe: { kind: "dockerfile", from: "debian:bookworm-slim", packages: ["nodejs", "npm", "ca-certificates"], tweaks: [], env: {}, cmd: ["node"] },
  },
  {
    upstream: "redis:7-bookworm",
    repository: "library/redis",
    tag: "7-bookworm",
    description: "Air-gapped stand-in for redis:7-bookworm built from Debian bookworm packages (redis-server 7.0)",
    recipe: {
      kind: "dockerfile",
      from: "debian:bookworm-slim",
      packages: ["redis-server"],
      tweaks: ["mkdir -p /data", "chown redis:redis /data"],
      env: {},
      cmd: ["redis-server", "--protected-mode", "no"],
      user: "redis",
      workdir: "/data",
      volume: "/data",
      expose: 6379,
    },
  },
];

/** Where a stand-in lives: REGISTRY[/NS]/repository:tag. */
export function mirrorReference(standIn: StandIn, registry = defaultSeedRegistry): string {
  return `${registry.replace(/\/+$/, "")}/${standIn.repository}:${standIn.tag}`;
}

/** upstream → mirror, the shape of images.config.yaml `mirrors`. */
export function standInMirrors(registry = defaultSeedRegistry): Record<string, string> {
  return Object.fromEntries(standIns.map((standIn) => [standIn.upstream, mirrorReference(standIn, registry)]));
}

export function findStandIn(upstream: string, table: readonly StandIn[] = standIns): StandIn | undefined {
  return table.find((standIn) => standIn.upstream === upstream);
}
