// bin/images.cjs runs a cached bundle of scripts/: it must rebuild after any edit, never run a
// stale one, and turn a source that does not compile into one clear error. CLI tier: runs node.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { exec, type ExecResult } from "../../scripts/process/exec.ts";

const repo = resolve(import.meta.dirname, "../..");
let copy: string;

beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), "images-launcher-"));
  for (const part of ["bin", "scripts", "package.json", "pnpm-lock.yaml"])
    cpSync(join(repo, part), join(copy, part), { recursive: true });
  symlinkSync(join(repo, "node_modules"), join(copy, "node_modules"));
});

afterEach(() => rmSync(copy, { recursive: true, force: true }));

const run = (...args: string[]): Promise<ExecResult> =>
  exec(["node", join(copy, "bin/images.cjs"), ...args], { cwd: copy, check: false });
const bundles = (): string[] => readdirSync(join(copy, ".cache/cli"));

test("builds the bundle once, reuses it, and rebuilds after a source edit", async () => {
  expect((await run("--help")).stdout).toMatch(/^Usage: pnpm images <command>/);
  expect(bundles()).toHaveLength(1);
  await run("--help");
  expect(bundles()).toHaveLength(1);

  const help = join(copy, "scripts/cli/help.ts");
  writeFileSync(help, readFileSync(help, "utf8").replace("Usage: pnpm images", "Usage (edited): pnpm images"));
  const edited = await run("--help");
  expect(edited.stdout).toMatch(/^Usage \(edited\): pnpm images/);
  expect(bundles()).toHaveLength(2);

  // The stamp reads sizes and times, not contents: an edit that keeps the size is still seen.
  writeFileSync(help, readFileSync(help, "utf8").replace("Usage (edited): pnpm images", "Usage (EDITED): pnpm images"));
  expect((await run("--help")).stdout).toMatch(/^Usage \(EDITED\): pnpm images/);
  expect(bundles()).toHaveLength(3);
});

test("a source that does not compile is one error and exit 1, with no bundle left behind", async () => {
  writeFileSync(join(copy, "scripts/cli/help.ts"), "export const mainHelp = (): string => ;\n");
  const result = await run("--help");
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/scripts\/cli\/help\.ts:1:\d+/);
  expect(result.stderr).toMatch(/^error: the CLI's sources in scripts\/ do not compile \(see above\)$/m);
  expect(bundles()).toEqual([]);
});

test("the default workspace is the repository, not the bundle's folder", async () => {
  // The copy holds no bake.hcl, so the error names the folder the CLI took as its workspace.
  const result = await run("plan");
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: ${join(copy, "bake.hcl")}: bake definition is invalid`);
});

test("dependencies missing with set-up off: one error naming pnpm install, nothing installed", async () => {
  rmSync(join(copy, "node_modules"));
  const result = await exec(["node", join(copy, "bin/images.cjs"), "--help"], {
    cwd: copy,
    check: false,
    env: { ...process.env, IMAGES_NO_SETUP: "1" },
  });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toBe(
    "error: dependencies are not installed as pnpm-lock.yaml " +
      "says (node_modules is missing), and set-up is off\n  hint: " +
      "Run `pnpm install --frozen-lockfile`, or drop --no-setup / " +
      "IMAGES_NO_SETUP.\n",
  );
  expect(readdirSync(copy)).not.toContain("node_modules");
});

test("each command keeps a code cache beside the bundle; a corrupt one is rejected and made again", async () => {
  await run("--help");
  await run("tags", "--help");
  const [bundle = ""] = bundles();
  const folder = join(copy, ".cache/cli", bundle);
  expect(readdirSync(folder).sort()).toEqual(["cli.cjs", "cli.code-cache", "tags.code-cache"]);
  writeFileSync(join(folder, "cli.code-cache"), "not a code cache");
  const again = await run("--help");
  expect(again.exitCode).toBe(0);
  expect(again.stdout).toMatch(/^Usage: pnpm images <command>/);
  expect(readFileSync(join(folder, "cli.code-cache"), "utf8")).not.toBe("not a code cache");
});
