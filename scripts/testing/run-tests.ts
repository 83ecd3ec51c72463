// `pnpm test`: unit tests always; integration tests when a Docker engine answers.
// Under CI=true a missing engine is a failure, never a skip. Ends with one plain
// "tests: N passed, N failed" line that any CI log reader understands.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { engineProblem } from "../../test/integration/engine.ts";
import { exec } from "../process/exec.ts";
import { setupAllowed } from "../setup/allowed.ts";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const resultsDir = join(process.cwd(), ".cache", "test-results");

async function runTier(config: string, name: string, extra: string[]): Promise<Counts & { exitCode: number }> {
  const outputFile = join(resultsDir, `${name}.json`);
  const argv = ["pnpm", "exec", "vitest", "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${outputFile}`, ...extra];
  const result = await exec(argv, { stream: true, check: false });
  return { exitCode: result.exitCode, ...readCounts(outputFile) };
}

function readCounts(file: string): Counts {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { passed: data.numPassedTests, failed: data.numFailedTests, skipped: data.numPendingTests + data.numTodoTests };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

/**
 * The integration tests' set-up (engine, registry, stand-ins), as `pnpm images setup` does it.
 * A failure is not fatal here: the engine check below then says what is missing (and fails under CI).
 */
async function setUp(): Promise<void> {
  if (!setupAllowed(false, process.env)) return;
  process.stdout.write("\nsetup: making sure the Docker engine, the registry and the stand-in base images are there\n");
  await exec(["node", "bin/images.mjs", "setup"], { stream: true, check: false });
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  const filters = process.argv.slice(2);
  const unit = await runTier("vitest.config.ts", "unit", filters);
  await setUp();
  const problem = await engineProblem();
  const ci = process.env.CI === "true" || process.env.CI === "1";
  let integration: Counts & { exitCode: number } = { passed: 0, failed: 0, skipped: 0, exitCode: 0 };
  if (problem && ci) {
    process.stderr.write(`\nerror: integration tests need a Docker engine and the registry, and CI=true: ${problem}\n  hint: run \`pnpm images setup\` (set-up was off or failed above).\n`);
    integration = { passed: 0, failed: 1, skipped: 0, exitCode: 1 };
  } else if (problem) {
    process.stdout.write(`\nintegration tests skipped: ${problem} (run \`pnpm images doctor --fix\`; with CI=true this is a failure)\n`);
  } else {
    integration = await runTier("vitest.config.itg.ts", "integration", filters);
  }
  const passed = unit.passed + integration.passed;
  const failed = unit.failed + integration.failed;
  const skipped = unit.skipped + integration.skipped;
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  return unit.exitCode !== 0 || integration.exitCode !== 0 || failed > 0 ? 1 : 0;
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
