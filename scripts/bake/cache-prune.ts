// Local cache folders grow with every export; keep each under the configured cap. Pruning deletes
// folders, so it only ever touches a cache root the tool owns: one it created (or found empty, or
// found holding nothing but buildx caches) and marked with a CACHEDIR.TAG. A cache.dir that is the
// workspace, a folder above it, or one holding git-tracked files is a configuration error, found
// before bake writes anything there.
import { existsSync, readdirSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { CommandContext } from "../cli/command.ts";
import { configFileName } from "../config/load.ts";
import type { CacheConfig } from "../config/types.ts";
import { ConfigError } from "../errors/errors.ts";

/** The Cache Directory Tagging convention: backup tools skip the folder, and we know it is ours. */
export const cacheMarker = "CACHEDIR.TAG";
const markerText =
  "Signature: 8a477f597d28d172789f06886806bc55\n" +
  "# A build cache created by agent-images (`pnpm images build`); pruned by it.\n";

export function cacheRoot(workspace: string, cache: Pick<CacheConfig, "dir">): string {
  return join(workspace, cache.dir);
}

/** Pure: why a local cache.dir can never be pruned safely, or undefined. */
export function cacheDirProblem(workspace: string, dir: string): string | undefined {
  const up = relative(join(workspace, dir), workspace);
  if (up === "") return "is the workspace itself";
  if (!up.startsWith("..") && !isAbsolute(up)) return "is a folder above the workspace";
  return undefined;
}

/** Pure check (dry runs too): a bad local cache.dir is a ConfigError. */
export function checkCacheDir(workspace: string, cache: CacheConfig): void {
  const problem = cache.mode === "local" ? cacheDirProblem(workspace, cache.dir) : undefined;
  if (problem) throw cacheDirError(cache.dir, problem);
}

/** Edge, before a build: refuse a cache.dir with tracked files, then mark the root as ours where we may. */
export async function claimCacheDir(ctx: CommandContext, cache: CacheConfig): Promise<void> {
  if (cache.mode !== "local") return;
  checkCacheDir(ctx.workspace, cache);
  const root = cacheRoot(ctx.workspace, cache);
  // A root that carries our marker was checked when it was claimed, and the marker says its contents
  // are disposable (the CACHEDIR.TAG convention): git is not asked again on every build.
  if (isOwned(root)) return;
  const tracked = await trackedFiles(ctx, root);
  if (tracked.length > 0)
    throw cacheDirError(
      cache.dir,
      `holds files tracked by git (${tracked.slice(0, 3).join(", ")}${tracked.length > 3 ? ", …" : ""})`,
    );
  if (!existsSync(root)) mkdirSync(root, { recursive: true });
  if (!isOwned(root) && (readdirSync(root).length === 0 || onlyBuildxCaches(root)))
    writeFileSync(join(root, cacheMarker), markerText);
}

function cacheDirError(dir: string, problem: string): ConfigError {
  return new ConfigError(`cache.dir "${dir}" ${problem}: pruning it would delete sources`, {
    file: configFileName,
    hint: "Point cache.dir at a folder of its own inside the workspace, e.g. .cache/buildx (the default).",
  });
}

async function trackedFiles(ctx: CommandContext, root: string): Promise<string[]> {
  // Outside a git repository (or outside this one) git fails: nothing there is tracked.
  const listed = await ctx.exec(["git", "ls-files", "-z", "--", root], { cwd: ctx.workspace, check: false });
  return listed.exitCode === 0 ? listed.stdout.split("\0").filter(Boolean) : [];
}

export function isOwned(root: string): boolean {
  return existsSync(join(root, cacheMarker));
}

/** A root from before the marker: every entry is a buildx local cache (index.json beside blobs). */
function onlyBuildxCaches(root: string): boolean {
  return readdirSync(root, { withFileTypes: true }).every(
    (entry) => entry.isDirectory() && existsSync(join(root, entry.name, "index.json")),
  );
}

export function folderSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

/**
 * Removes target cache folders above the cap (the next build starts a fresh one), only under a
 * root the tool owns and never the root itself. Returns what it removed.
 */
export function pruneLocalCache(workspace: string, cache: CacheConfig, targets: readonly string[]): string[] {
  const root = cacheRoot(workspace, cache);
  if (cache.mode !== "local" || cacheDirProblem(workspace, cache.dir) || !isOwned(root)) return [];
  const cap = cache.maxSizeMb * 1024 * 1024;
  return targets.filter((target) => {
    const dir = join(root, target);
    if (relative(root, dir).startsWith("..") || dir === root || folderSize(dir) <= cap) return false;
    rmSync(dir, { recursive: true, force: true });
    return true;
  });
}
