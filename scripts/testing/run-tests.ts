// `pnpm test`: the gates first (`pnpm lint`: type-aware ESLint and prettier, zero warnings), then three
// tiers in turn. Unit tests always (no process, no engine); the CLI tier when
// the docker CLI with buildx is installed (it runs `bake --print` and the launcher, no engine);
// integration tests when a Docker engine and the registry answer. Under CI=true a missing tool is
// a failure, never a skip. Ends with one plain "tests: N passed, N failed" line.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { engineProblem } from "../../test/integration/engine.ts";
import { processInterrupts } from "../cli/interrupt.ts";
import { exec } from "../process/exec.ts";
import { setupAllowed } from "../setup/allowed.ts";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Tier {
  name: string;
  config: string;
  /** What is missing for this tier to run, if anything. */
  problem: () => Promise<string | undefined>;
  hint: string;
  /** Runs first (set-up the tier needs). */
  before?: () => Promise<void>;
}

const tiers: Tier[] = [
  { name: "unit", config: "vitest.config.ts", problem: () => Promise.resolve(undefined), hint: "" },
  {
    name: "cli",
    config: "vitest.config.cli.ts",
    problem: dockerCliProblem,
    hint: "install the docker CLI and its buildx plugin (`pnpm images doctor --fix`)",
    before: setUp,
  },
  {
    name: "integration",
    config: "vitest.config.itg.ts",
    problem: engineProblem,
    hint: "run `pnpm images setup` (set-up was off or failed above)",
  },
];

const resultsDir = join(process.cwd(), ".cache", "test-results");

/** Ctrl-C stops the running tier (exec kills its process tree) and `pnpm test` exits 130. */
const interrupted = processInterrupts();

/**
 * The set-up the docker-CLI and integration tiers need (engine, registry, stand-ins), as
 * `pnpm images setup` does it. A failure is not fatal here: each tier's check then says what is
 * missing, and fails under CI.
 */
async function setUp(): Promise<void> {
  if (!setupAllowed(false, process.env)) return;
  process.stdout.write("\nsetup: making sure the Docker engine, the registry and the stand-in base images are there\n");
  await exec(["node", "bin/images.cjs", "setup"], { stream: true, check: false, signal: interrupted });
}

async function dockerCliProblem(): Promise<string | undefined> {
  const result = await exec(["docker", "buildx", "version"], { check: false }).catch(() => undefined);
  if (!result) return "the docker CLI is not installed";
  return result.exitCode === 0 ? undefined : "docker buildx is not installed";
}

async function runTier(tier: Tier, extra: string[]): Promise<Counts> {
  const outputFile = join(resultsDir, `${tier.name}.json`);
  const argv = [
    "pnpm",
    "exec",
    "vitest",
    "run",
    "--config",
    tier.config,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${outputFile}`,
    ...extra,
  ];
  const result = await exec(argv, { stream: true, check: false, signal: interrupted });
  const counts = readCounts(outputFile);
  // A tier that exits non-zero with no failed test (a crash, a filter matching nothing) still fails.
  return result.exitCode !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
}

function readCounts(file: string): Counts {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    return {
      passed: data.numPassedTests,
      failed: data.numFailedTests,
      skipped: data.numPendingTests + data.numTodoTests,
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

/** Runs the tier, or says why it cannot: a failure under CI, a skip elsewhere. */
async function tierCounts(tier: Tier, ci: boolean, extra: string[]): Promise<Counts> {
  await tier.before?.();
  const problem = await tier.problem();
  if (!problem) return runTier(tier, extra);
  if (ci) {
    process.stderr.write(`\nerror: ${tier.name} tests cannot run, and CI=true: ${problem}\n  hint: ${tier.hint}.\n`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  process.stdout.write(`\n${tier.name} tests skipped: ${problem}; ${tier.hint} (with CI=true this is a failure)\n`);
  return { passed: 0, failed: 0, skipped: 0 };
}

/** `pnpm lint`, streamed: a failure counts as one failed test (a pass counts as none), and the tiers still run. */
async function lintGate(): Promise<Counts> {
  process.stdout.write("\nlint: eslint (type-aware) and prettier, zero warnings\n");
  const result = await exec(["pnpm", "run", "--silent", "lint"], { stream: true, check: false, signal: interrupted });
  if (result.exitCode === 0) return { passed: 0, failed: 0, skipped: 0 };
  process.stderr.write(
    "\nerror: `pnpm lint` failed (see above)\n  hint: `pnpm " +
      "format` rewrites the layout; fix the ESLint findings by " +
      "hand.\n",
  );
  return { passed: 0, failed: 1, skipped: 0 };
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  const filters = process.argv.slice(2);
  // A filter usually names files of one tier; the others then run nothing, which is no failure.
  const extra = filters.length ? ["--passWithNoTests", ...filters] : [];
  const ci = process.env.CI === "true" || process.env.CI === "1";
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  // A filter names the tests someone is working on: the gates then wait for the full run.
  if (filters.length === 0) {
    const gate = await lintGate();
    total.passed += gate.passed;
    total.failed += gate.failed;
  }
  for (const tier of tiers) {
    if (interrupted.aborted) break;
    const counts = await tierCounts(tier, ci, extra);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  if (interrupted.aborted) {
    process.stderr.write("\ntests: interrupted\n");
    return 130;
  }
  const { passed, skipped } = total;
  const nothingRan = filters.length > 0 && passed + total.failed === 0;
  if (nothingRan) process.stderr.write(`\nerror: no test matches ${filters.join(" ")}\n`);
  const failed = total.failed + (nothingRan ? 1 : 0);
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
