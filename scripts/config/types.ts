// The project config (images.config.yaml), after validation and defaults.
// CLI flags override it; IMAGES_* env variables override the file (see README).
import type { cacheModeShape, ConfigFile, mirrorModeShape } from "./schema.ts";

export type CacheMode = (typeof cacheModeShape.values)[number];
export type MirrorMode = (typeof mirrorModeShape.values)[number];

export interface CacheConfig {
  mode: CacheMode;
  /** local: folder (relative to the workspace) holding one cache folder per target. */
  dir: string;
  /** local: prune a target's cache folder above this size. */
  maxSizeMb: number;
  /** registry: repository that holds one cache ref per target (default: <registry>/cache). */
  ref?: string;
}

export interface SmokeConfig {
  /** How many images are smoke-tested at once. */
  parallel: number;
  /** Seconds to wait for a service container to become healthy. */
  healthTimeoutSeconds: number;
}

/** How `plan --matrix` splits a release across CI runners (one shard per target × platform, small ones grouped). */
export interface MatrixConfig {
  /** Relative build cost per target (default 1). */
  weights: Record<string, number>;
  /** Targets lighter than this are grouped into shards of at most this total; default: the heaviest target's weight. */
  shardWeight?: number;
  /** platform → runs-on label of a runner that builds it natively. */
  runners: Record<string, string>;
}

export const defaultRunners: Record<string, string> = {
  "linux/amd64": "ubuntu-24.04",
  "linux/arm64": "ubuntu-24.04-arm",
};

export interface ImagesConfig {
  /** Where images are pushed: HOST[:PORT][/NAMESPACE]. */
  registry: string;
  /** bake file, relative to the workspace. */
  bakeFile: string;
  /** bake target → image name (repository under `registry`). Targets not listed use their own name. */
  images: Record<string, string>;
  /** docker/metadata-action `tags` rules, one per entry; none means the action's defaults. */
  tags: string[];
  /** docker/metadata-action `flavor` rules; none means latest=auto, no prefix or suffix. */
  flavor: string[];
  cache: CacheConfig;
  /** upstream image reference → mirror reference, turned into bake `contexts`. */
  mirrors: Record<string, string>;
  /** auto: use mirrors when the mirror registry answers; on: always; off: never. */
  mirrorMode: MirrorMode;
  platforms: string[];
  smoke: SmokeConfig;
  /**
   * URLs a target needs at build time (package indexes, registries). Where one does not answer
   * (an air-gapped machine), the default build skips the target and says why.
   */
  needs: Record<string, string[]>;
  matrix: MatrixConfig;
}

export const defaultConfig: ImagesConfig = {
  registry: "127.0.0.1:5000/images",
  bakeFile: "bake.hcl",
  images: {},
  // metadata-action's own defaults (tags/rules.ts fallbackRules); images.config.yaml writes ours out.
  tags: [],
  flavor: [],
  cache: { mode: "local", dir: ".cache/buildx", maxSizeMb: 2048 },
  mirrors: {},
  mirrorMode: "auto",
  platforms: [],
  smoke: { parallel: 2, healthTimeoutSeconds: 60 },
  needs: {},
  matrix: { weights: {}, runners: defaultRunners },
};

/** Every field optional, as the file may leave any of them to the defaults; maps and lists as they are. */
type Optional<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? string extends keyof T
      ? T
      : { [K in keyof T]?: Optional<T[K]> }
    : T;
/** Exactly the same type: an extra optional key on either side counts. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * The schema (schema.ts) and these types describe the same file: a key or a value type changed in one
 * and not the other fails `pnpm typecheck` here.
 */
export const configMatchesSchema: Same<Optional<ImagesConfig>, ConfigFile> = true;
