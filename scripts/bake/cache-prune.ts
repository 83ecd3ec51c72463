// Local cache folders grow with every export; keep each under the configured cap.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CacheConfig } from "../config/types.ts";

export function folderSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

/** Removes target cache folders above the cap (the next build starts a fresh one). Returns what it removed. */
export function pruneLocalCache(workspace: string, cache: CacheConfig, targets: readonly string[]): string[] {
  if (cache.mode !== "local") return [];
  const cap = cache.maxSizeMb * 1024 * 1024;
  return targets.filter((target) => {
    const dir = join(workspace, cache.dir, target);
    if (folderSize(dir) <= cap) return false;
    rmSync(dir, { recursive: true, force: true });
    return true;
  });
}
