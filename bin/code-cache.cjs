// @ts-check
// Loads the CLI's CommonJS bundle with V8's code cache: the bytecode of every function the last
// command compiled, kept beside the bundle. Parsing and compiling the ~2.5 MB bundle costs ~65 ms
// on each run; from the cache, ~25 ms. Node 20 has no compile cache for ES modules
// (module.enableCompileCache is Node 22), hence CommonJS run through node:vm. V8 checks the cache
// against the source and its own version and flags, and rejects one that does not match: it is then
// made again.
const { existsSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const { Script } = require("node:vm");

/**
 * Runs the bundle's module body and returns its exports. The cache is written when the process
 * exits, so it holds what the command compiled as it ran, not only the top level.
 * @param {string} file the bundle
 * @param {string} cacheFile where its code cache lives
 * @returns {Record<string, unknown>}
 */
function loadWithCodeCache(file, cacheFile) {
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The launcher writes the bundle as ASCII: latin1 reads it exactly, without UTF-8 decoding.
  const source = Module.wrap(readFileSync(file, "latin1"));
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) process.once("exit", () => writeCache(script, cacheFile));
  const loaded = { exports: {} };
  /** @type {unknown} */
  const wrapper = script.runInThisContext();
  const body = /** @type {(...args: unknown[]) => void} */ (wrapper);
  body.call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  return loaded.exports;
}

/**
 * Written aside and renamed into place, so a parallel run never reads half a cache.
 * @param {Script} script
 * @param {string} cacheFile
 */
function writeCache(script, cacheFile) {
  try {
    const staging = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(staging, script.createCachedData());
    renameSync(staging, cacheFile);
  } catch {
    // A cache that cannot be written only costs the next run its speed.
  }
}

module.exports = { loadWithCodeCache };
