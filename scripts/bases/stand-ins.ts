// The air-gapped stand-ins for public base images: data, not code. images.config.yaml `mirrors`
// maps each `upstream` to `mirrorReference(standIn)`; the lead's config check compares against this table.

export const defaultSeedRegistry = "127.0.0.1:5000";
export const debianMirror = "http://deb.debian.org/debian";

/**
 * The dpkg and apt settings the official debian:*-slim images ship (written by their builder, debuerreotype),
 * restated here so builds FROM the stand-in behave as FROM the real image: no fsync per file, no
 * translations fetched, no docs, man pages or locales unpacked, no package cache kept.
 */
const dropPackageCache =
  "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";

const slimImageConfig: Record<string, string> = {
  "etc/dpkg/dpkg.cfg.d/docker-apt-speedup": "force-unsafe-io\n",
  "etc/dpkg/dpkg.cfg.d/docker": [
    "path-exclude /usr/share/doc/*",
    "path-include /usr/share/doc/*/copyright",
    "path-exclude /usr/share/groff/*",
    "path-exclude /usr/share/info/*",
    "path-exclude /usr/share/linda/*",
    "path-exclude /usr/share/lintian/overrides/*",
    "path-exclude /usr/share/locale/*",
    "path-exclude /usr/share/man/*",
    "",
  ].join("\n"),
  "etc/apt/apt.conf.d/docker-clean": [
    `DPkg::Post-Invoke { "${dropPackageCache}"; };`,
    `APT::Update::Post-Invoke { "${dropPackageCache}"; };`,
    'Dir::Cache::pkgcache "";',
    'Dir::Cache::srcpkgcache "";',
    "",
  ].join("\n"),
  "etc/apt/apt.conf.d/docker-no-languages": 'Acquire::Languages "none";\n',
  "etc/apt/apt.conf.d/docker-gzip-indexes": 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n',
  "etc/apt/apt.conf.d/docker-autoremove-suggests": 'Apt::AutoRemove::SuggestsImportant "false";\n',
};

/** One recipe kind, e.g. `RecipeOf<"node-dist">`. */
export type RecipeOf<K extends StandInRecipe["kind"]> = Extract<StandInRecipe, { kind: K }>;

export type StandInRecipe =
  | {
      kind: "debootstrap";
      suite: string;
      variant: "minbase";
      mirror: string;
      cmd: string[];
      /** Files written into the rootfs after debootstrap (path inside it → content). */
      files: Record<string, string>;
    }
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
    }
  | {
      /**
       * Node.js's official Linux binaries, as the real image installs them under /usr/local, laid out on the
       * host from the npm registry's node-linux-<arch> packages and copied in: no RUN, so no QEMU for arm64.
       */
      kind: "node-dist";
      from: string;
      node: string;
      /** Installed as the real image has them: npm and corepack as global modules, yarn 1 in /opt. */
      npm: string;
      corepack: string;
      yarn: string;
      cmd: string[];
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
  /** Where its contents come from (label org.opencontainers.image.source); Debian's archive when absent. */
  source?: string;
}

export const standIns: readonly StandIn[] = [
  {
    upstream: "debian:bookworm-slim",
    repository: "library/debian",
    tag: "bookworm-slim",
    description:
      "Air-gapped stand-in for debian:bookworm-slim: mmdebstrap (or debootstrap) --variant=minbase bookworm " +
      "from deb.debian.org, " +
      "apt lists and caches removed",
    recipe: {
      kind: "debootstrap",
      suite: "bookworm",
      variant: "minbase",
      mirror: debianMirror,
      cmd: ["bash"],
      files: slimImageConfig,
    },
    // Both, so multi-platform builds FROM debian work air-gapped (about 2 minutes under QEMU).
    platforms: ["linux/amd64", "linux/arm64"],
  },
  {
    upstream: "python:3.12-slim-bookworm",
    repository: "library/python",
    tag: "3.12-slim-bookworm",
    description:
      "Air-gapped stand-in for python:3.12-slim-bookworm built from Debian bookworm packages (python3 3.11, venv, pip)",
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
    description:
      "Air-gapped stand-in for node:20-bookworm-slim: the debian stand-in plus Node.js 20.20.2's official binaries " +
      "(npm registry package node-linux-<arch>), npm 10.8.2, corepack 0.34.0 and yarn 1.22.22, laid out as the real " +
      "image has them",
    source: "https://registry.npmjs.org/",
    recipe: {
      kind: "node-dist",
      from: "debian:bookworm-slim",
      node: "20.20.2",
      npm: "10.8.2",
      corepack: "0.34.0",
      yarn: "1.22.22",
      cmd: ["node"],
    },
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
