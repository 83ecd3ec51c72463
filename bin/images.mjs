#!/usr/bin/env node
// @ts-check
// Starts `pnpm images` from one esbuild bundle of scripts/, cached under .cache/cli by a hash of
// the sources. Loading ~80 TypeScript modules through the tsx loader cost ~0.3 s more on every run
// than the bundle does. Any edit to a source file changes the hash, so the bundle is rebuilt
// (~0.15 s) on the next run and is never stale.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureDeps } from "./deps.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "scripts", "cli.ts");

/**
 * Hash of every source the bundle is made from, the bundler's version and this file.
 * @returns {string}
 */
function sourceKey() {
  const hash = createHash("sha256");
  const files = readdirSync(join(root, "scripts"), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|js|json)$/.test(file))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(root, "scripts", file)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(join(root, "node_modules", "esbuild", "package.json")));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Builds into a private folder, then renames it into place: parallel runs never see half a bundle.
 * @param {string} dir
 */
async function bundle(dir) {
  const { build } = await import("esbuild");
  const staging = `${dir}.tmp-${process.pid}`;
  await build({ entryPoints: [entry], outdir: staging, bundle: true, splitting: true, format: "esm", platform: "node", target: "node20", packages: "external", logLevel: "error" });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run put the same bundle in place first
  }
}

/**
 * Drops bundles of older sources. A day's grace: a run that is still going may yet load its lazy chunks.
 * @param {string} keep
 */
function pruneOthers(keep) {
  const folder = dirname(keep);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (path !== keep && age > 86_400_000) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Bad setup gets one line and exit 1, like every other error of the CLI.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

const depsProblem = ensureDeps(root);
if (depsProblem) fail(depsProblem);
const dir = join(root, ".cache", "cli", sourceKey());
if (!existsSync(join(dir, "cli.js"))) {
  mkdirSync(dirname(dir), { recursive: true });
  await bundle(dir).catch(() => fail("the CLI's sources in scripts/ do not compile (see above)\n  hint: Fix them; `pnpm typecheck` lists every problem."));
  pruneOthers(dir);
}
await import(pathToFileURL(join(dir, "cli.js")).href);
