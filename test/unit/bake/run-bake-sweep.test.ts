// Two quick Ctrl-Cs can end a build before it removes its generated folder: the next build sweeps
// the folders of runs whose process is gone, and leaves live runs' folders alone.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { sweepOrphans } from "../../../scripts/bake/run-bake.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test("folders of dead runs are removed; this run's and unrelated folders stay", () => {
  const parent = mkdtempSync(join(tmpdir(), "bake-sweep-"));
  dirs.push(parent);
  // Above Linux's largest pid_max (2^22): no process can have it.
  const dead = join(parent, `bake-${2 ** 22 + 1}-1796213265569`);
  const live = join(parent, `bake-${process.pid}-1796213265570`);
  const other = join(parent, "keep-me");
  for (const dir of [dead, live, other]) {
    mkdirSync(dir);
    writeFileSync(join(dir, "override.json"), "{}\n");
  }
  sweepOrphans(parent);
  expect([existsSync(dead), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
});

test("a workspace without .cache/images is fine", () => {
  expect(() => sweepOrphans(join(tmpdir(), "no-such-folder-for-sweep"))).not.toThrow();
});
