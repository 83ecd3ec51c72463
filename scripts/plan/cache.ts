// Cache refs per mode, per target. Pure: the branch names come in from the git context.
import { join } from "node:path";
import type { CacheConfig } from "../config/types.ts";

/** For what stays on this machine (loaded images, the local cache); pushes keep gzip for every client. */
export const fastCompression = "compression=zstd,compression-level=1";

export interface CacheScope {
  /** Current branch (or tag/PR) name, already sanitised for a tag. */
  branch: string;
  defaultBranch: string;
  /** Absolute workspace path, for local cache folders. */
  workspace: string;
  /** Registry prefix used when `cache.ref` is not set. */
  registry: string;
  /**
   * A release shard's platform: registry and gha caches are then scoped by target and platform, so
   * runners of different platforms never overwrite each other's cache (a local folder is per machine).
   */
  platform?: string;
}

export interface CacheRefs {
  cacheFrom: string[];
  cacheTo: string[];
}

export function cacheRefs(cache: CacheConfig, target: string, image: string, scope: CacheScope): CacheRefs {
  switch (cache.mode) {
    case "none":
      return { cacheFrom: [], cacheTo: [] };
    case "local": {
      const dir = join(scope.workspace, cache.dir, target);
      return { cacheFrom: [`type=local,src=${dir}`], cacheTo: [`type=local,dest=${dir},mode=max,${fastCompression}`] };
    }
    case "registry": {
      const repo = cache.ref ?? `${scope.registry}/cache`;
      const key = scopedKey(target, scope);
      const refs = unique([scope.branch, scope.defaultBranch]).map(
        (branch) => `type=registry,ref=${repo}:${cacheTag(key, branch)}`,
      );
      return { cacheFrom: refs, cacheTo: [`type=registry,ref=${repo}:${cacheTag(key, scope.branch)},mode=max`] };
    }
    case "gha": {
      const key = scopedKey(target, scope);
      return { cacheFrom: [`type=gha,scope=${key}`], cacheTo: [`type=gha,scope=${key},mode=max`] };
    }
    case "inline":
      return { cacheFrom: [`type=registry,ref=${image}`], cacheTo: ["type=inline"] };
  }
}

/** `api`, or `api-linux-arm64` in a shard. */
function scopedKey(target: string, scope: CacheScope): string {
  return scope.platform ? `${target}-${scope.platform.replaceAll("/", "-")}` : target;
}

/** Whether a target's cache is shared between runners (and so written only by the shard that owns the target). */
export function isSharedCache(cache: CacheConfig): boolean {
  return cache.mode === "registry" || cache.mode === "gha";
}

/** A registry tag is at most 128 chars of [A-Za-z0-9_.-]. */
export function cacheTag(target: string, branch: string): string {
  return `${target}-${branch}`.replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 128);
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
