// @ts-check
// First-run step of the launcher: installs the dependencies when node_modules is missing or was
// installed from another lockfile. Plain JavaScript with Node's own modules only, because it runs
// before any dependency can be loaded. `pnpm <script>` already does this (verifyDepsBeforeRun in
// pnpm-workspace.yaml); this covers `node bin/images.cjs` run directly.
const { spawnSync } = require("node:child_process");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

/** @typedef {"ok" | "missing" | "stale"} DepsState */
/**
 * @typedef {{ kind: "none" }
 *   | { kind: "install"; why: string; argv: string[] }
 *   | { kind: "fail"; message: string }} DepsAction
 */

/**
 * Pure: node_modules's state from the lockfile and pnpm's copy of it (node_modules/.pnpm/lock.yaml).
 * @param {string | undefined} lockfile
 * @param {string | undefined} installed
 * @returns {DepsState}
 */
function depsState(lockfile, installed) {
  if (installed === undefined) return "missing";
  // Without a lockfile there is nothing to be out of date with.
  return lockfile === undefined || lockfile === installed ? "ok" : "stale";
}

/**
 * Pure: what to do about the dependencies.
 * @param {DepsState} state
 * @param {boolean} setupAllowed
 * @returns {DepsAction}
 */
function planDeps(state, setupAllowed) {
  if (state === "ok") return { kind: "none" };
  const why =
    state === "missing" ? "node_modules is missing" : "node_modules was installed from another pnpm-lock.yaml";
  if (!setupAllowed)
    return {
      kind: "fail",
      message:
        `dependencies are not installed as pnpm-lock.yaml says ` +
        `(${why}), and set-up is off\n  hint: Run \`pnpm install ` +
        `--frozen-lockfile\`, or drop --no-setup / IMAGES_NO_SETUP.`,
    };
  return { kind: "install", why, argv: ["pnpm", "install", "--frozen-lockfile"] };
}

/**
 * Pure: --no-setup on the command line or IMAGES_NO_SETUP set to a true value turns set-up off.
 * @param {readonly string[]} argv
 * @param {NodeJS.ProcessEnv} env
 */
function setupAllowed(argv, env) {
  const value = (env.IMAGES_NO_SETUP ?? "").toLowerCase();
  return !argv.includes("--no-setup") && !["1", "true", "yes", "on"].includes(value);
}

/** @param {string} path */
function readOrUndefined(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Reads, plans and applies; returns an error message, or undefined when the dependencies are in place.
 * @param {string} root
 * @returns {string | undefined}
 */
function ensureDeps(root) {
  const state = depsState(
    readOrUndefined(join(root, "pnpm-lock.yaml")),
    readOrUndefined(join(root, "node_modules", ".pnpm", "lock.yaml")),
  );
  const action = planDeps(state, setupAllowed(process.argv.slice(2), process.env));
  if (action.kind === "none") return undefined;
  if (action.kind === "fail") return action.message;
  process.stderr.write(`setup: installing the dependencies (${action.why}): ${action.argv.join(" ")}\n`);
  const [command = "pnpm", ...args] = action.argv;
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error)
    return (
      `could not run ${command}: ${result.error.message}\n  hint: ` +
      `Install pnpm (\`npm install -g pnpm\`), then run \`pnpm ` +
      `install\`.`
    );
  return result.status === 0
    ? undefined
    : `\`${action.argv.join(" ")}\` exited with ${result.status ?? "a signal"} (see above)`;
}

module.exports = { depsState, planDeps, setupAllowed, ensureDeps };
