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
      const refs = unique([scope.branch, scope.defaultBranch]).map((branch) => `type=registry,ref=${repo}:${cacheTag(target, branch)}`);
      return { cacheFrom: refs, cacheTo: [`type=registry,ref=${repo}:${cacheTag(target, scope.branch)},mode=max`] };
    }
    case "gha":
      return { cacheFrom: [`type=gha,scope=${target}`], cacheTo: [`type=gha,scope=${target},mode=max`] };
    case "inline":
      return { cacheFrom: [`type=registry,ref=${image}`], cacheTo: ["type=inline"] };
  }
}

/** A registry tag is at most 128 chars of [A-Za-z0-9_.-]. */
export function cacheTag(target: string, branch: string): string {
  return `${target}-${branch}`.replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 128);
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
