#!/usr/bin/env node
// @ts-check
// Starts `pnpm images` from one esbuild bundle of scripts/, cached under .cache/cli by a stamp of
// the sources: each file's path, size and modification time, from one directory walk that reads
// no file (hashing every source's contents cost ~40 ms on each run). Any edit changes the stamp,
// so the bundle is rebuilt (~0.15 s) on the next run and is never stale. Loading ~80 TypeScript
// modules through the tsx loader instead would cost ~0.3 s more on every run. The bundle is one
// CommonJS file, loaded with V8's code cache (code-cache.cjs). The launcher is CommonJS too:
// starting Node's ES module loader for it cost ~8 ms on each run.
const { createHash } = require("node:crypto");
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require("node:fs");
const { dirname, join, resolve } = require("node:path");
const { loadWithCodeCache } = require("./code-cache.cjs");
const { ensureDeps } = require("./deps.cjs");

const root = resolve(__dirname, "..");
const entry = join(root, "scripts", "cli.ts");
const esbuildManifest = join(root, "node_modules", "esbuild", "package.json");

/**
 * The sources under `dir`. A walk of its own: readdirSync's `recursive` option cost ~8 ms more here.
 * @param {string} dir
 * @param {string[]} found
 * @returns {string[]}
 */
function sourcesUnder(dir, found = []) {
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) sourcesUnder(path, found);
    else if (item.isFile() && /\.(ts|js|json)$/.test(item.name)) found.push(path);
  }
  return found;
}

/**
 * Stamp of every source the bundle is made from, the bundler's version, this file and the loader:
 * one line per file with its path, size and modification time, hashed at once.
 * @returns {string}
 */
function sourceKey() {
  const launcher = [__filename, join(__dirname, "code-cache.cjs"), esbuildManifest];
  let stamp = "";
  for (const file of [...sourcesUnder(join(root, "scripts")).sort(), ...launcher]) {
    const stat = statSync(file);
    stamp += `${file}\0${stat.size}\0${stat.mtimeMs}\n`;
  }
  return createHash("sha256").update(stamp).digest("hex").slice(0, 16);
}

/**
 * Builds into a private folder, then renames it into place: parallel runs never see half a bundle.
 * @param {string} dir
 */
async function bundle(dir) {
  const { build } = await import("esbuild");
  const staging = `${dir}.tmp-${process.pid}`;
  await build({
    entryPoints: [entry],
    outfile: join(staging, "cli.cjs"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "error",
    // Dependencies go into the bundle too: resolving and wrapping their ~300 files one by one
    // (yaml, semver are CommonJS) cost ~3× the CPU of loading the same code from one file.
    // Modules the CLI imports on use stay lazy: esbuild wraps them in functions run on first import.
    // yaml's ESM build: the same code as its CommonJS one, without its many small files.
    alias: { yaml: join(root, "node_modules", "yaml", "browser", "index.js") },
    // import.meta.url (the bundle's own place, for createRequire and the repository root) in CommonJS.
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  asciiOnly(join(staging, "cli.cjs"));
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run put the same bundle in place first
  }
}

/**
 * esbuild escapes non-ASCII characters in code but not in comments (the dependencies' own): escaped
 * there too, the bundle is ASCII, so the launcher reads it as latin1, a one-byte string for V8
 * (~15 ms sooner than decoding UTF-8 into a two-byte one).
 * @param {string} file
 */
function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  const escape = (/** @type {string} */ char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  writeFileSync(file, text.replace(/[^\0-\x7f]/g, escape));
}

/**
 * Drops bundles of older sources. A day's grace: a run that is still going may yet write its code cache there.
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

// Ctrl-C before the CLI takes over (installing, bundling) exits 130 like every interrupt of the CLI.
const early = () => process.exit(130);
process.on("SIGINT", early);
process.on("SIGTERM", early);

async function main() {
  const depsProblem = ensureDeps(root);
  if (depsProblem) fail(depsProblem);
  const dir = join(root, ".cache", "cli", sourceKey());
  if (!existsSync(join(dir, "cli.cjs"))) {
    mkdirSync(dirname(dir), { recursive: true });
    await bundle(dir).catch(() =>
      fail(
        "the CLI's sources in scripts/ do not compile (see above)\n  " +
          "hint: Fix them; `pnpm typecheck` lists every problem.",
      ),
    );
    pruneOthers(dir);
  }
  // One code cache per command: each holds what its own command compiles as it runs.
  const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? "") ? process.argv[2] : "cli";
  const cli = /** @type {{ startCli: () => Promise<void> }} */ (
    loadWithCodeCache(join(dir, "cli.cjs"), join(dir, `${command}.code-cache`))
  );
  process.off("SIGINT", early);
  process.off("SIGTERM", early);
  await cli.startCli();
}

void main();
