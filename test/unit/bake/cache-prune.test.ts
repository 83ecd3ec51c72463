// Pruning deletes folders, so it may only ever delete what the tool owns.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cacheDirProblem, cacheMarker, claimCacheDir, pruneLocalCache } from "../../../scripts/bake/cache-prune.ts";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { fakeContext } from "../fake-context.ts";

const twoMb = Buffer.alloc(2 * 1024 * 1024, 1);
const cache = (dir: string): { mode: "local"; dir: string; maxSizeMb: number } => ({
  mode: "local",
  dir,
  maxSizeMb: 1,
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "cache-ws-"));
  mkdirSync(join(dir, "api"));
  writeFileSync(join(dir, "api", "server.js"), twoMb);
  return dir;
}

function context(dir: string, tracked: string[] = []): CommandContext & { calls: string[][] } {
  const calls: string[][] = [];
  const exec: Exec = async (argv) => {
    calls.push([...argv]);
    return { argv, exitCode: 0, stdout: tracked.map((file) => `${file}\0`).join(""), stderr: "" };
  };
  return { ...fakeContext(dir, exec), calls };
}

describe("cacheDirProblem", () => {
  test.each([
    [".", "is the workspace itself"],
    ["./", "is the workspace itself"],
    ["..", "is a folder above the workspace"],
    ["../..", "is a folder above the workspace"],
    [".cache/buildx", undefined],
    ["../sibling-cache", undefined],
  ])("cache.dir %j: %s", (dir, problem) => {
    expect(cacheDirProblem("/work/repo", dir)).toBe(problem);
  });
});

describe("pruneLocalCache", () => {
  test('cache.dir "." with maxSizeMb 1 never deletes a source folder', () => {
    const dir = workspace();
    expect(pruneLocalCache(dir, cache("."), ["api"])).toEqual([]);
    expect(readFileSync(join(dir, "api", "server.js")).length).toBe(twoMb.length);
  });

  test("a cache root the tool did not mark is never pruned, however big", () => {
    const dir = workspace();
    mkdirSync(join(dir, "data", "api"), { recursive: true });
    writeFileSync(join(dir, "data", "api", "notes.bin"), twoMb);
    expect(pruneLocalCache(dir, cache("data"), ["api"])).toEqual([]);
    expect(existsSync(join(dir, "data", "api", "notes.bin"))).toBe(true);
  });

  test("a marked root's target folder over the cap is pruned; one under it is kept", () => {
    const dir = workspace();
    mkdirSync(join(dir, ".cache", "buildx", "api"), { recursive: true });
    mkdirSync(join(dir, ".cache", "buildx", "web"), { recursive: true });
    writeFileSync(join(dir, ".cache", "buildx", cacheMarker), "Signature: 8a477f597d28d172789f06886806bc55\n");
    writeFileSync(join(dir, ".cache", "buildx", "api", "blob"), twoMb);
    writeFileSync(join(dir, ".cache", "buildx", "web", "blob"), "small");
    expect(pruneLocalCache(dir, cache(".cache/buildx"), ["api", "web"])).toEqual(["api"]);
    expect(existsSync(join(dir, ".cache", "buildx", "web", "blob"))).toBe(true);
  });
});

describe("claimCacheDir", () => {
  test("the workspace as cache.dir is a configuration error, before git is even asked", async () => {
    const ctx = context(workspace());
    await expect(claimCacheDir(ctx, cache("."))).rejects.toThrow(
      /cache.dir "\." is the workspace itself: pruning it would delete sources/,
    );
    expect(ctx.calls).toEqual([]);
  });

  test("a cache.dir holding tracked files is a configuration error naming some of them", async () => {
    const ctx = context(workspace(), ["api/server.js"]);
    await expect(claimCacheDir(ctx, cache("api"))).rejects.toThrow(ConfigError);
    await expect(claimCacheDir(ctx, cache("api"))).rejects.toThrow(/holds files tracked by git \(api\/server.js\)/);
  });

  test("a new folder is created and marked; an existing folder of someone else's files is left unmarked", async () => {
    const dir = workspace();
    await claimCacheDir(context(dir), cache(".cache/buildx"));
    expect(readFileSync(join(dir, ".cache", "buildx", cacheMarker), "utf8")).toMatch(
      /^Signature: 8a477f597d28d172789f06886806bc55\n/,
    );
    mkdirSync(join(dir, "scratch"));
    writeFileSync(join(dir, "scratch", "mine.txt"), "untracked but not a cache");
    await claimCacheDir(context(dir), cache("scratch"));
    expect(existsSync(join(dir, "scratch", cacheMarker))).toBe(false);
  });

  test("a root that already carries the marker is ours: git is not asked again", async () => {
    const dir = workspace();
    await claimCacheDir(context(dir), cache(".cache/buildx"));
    const again = context(dir, ["should/not/be/read"]);
    await claimCacheDir(again, cache(".cache/buildx"));
    expect(again.calls).toEqual([]);
  });

  test("a root from before the marker, holding only buildx caches, is adopted", async () => {
    const dir = workspace();
    mkdirSync(join(dir, ".cache", "buildx", "api"), { recursive: true });
    writeFileSync(join(dir, ".cache", "buildx", "api", "index.json"), "{}");
    await claimCacheDir(context(dir), cache(".cache/buildx"));
    expect(existsSync(join(dir, ".cache", "buildx", cacheMarker))).toBe(true);
  });
});
