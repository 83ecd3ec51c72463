// Build orchestration overhead on the fixture workspace, raw bake and ours run in turns:
//  - `images build` over the equivalent raw `docker buildx bake` when everything is cached (target ≤ 1.15×)
//  - `images build --changed` with nothing changed over raw bake's cached run (target ≤ 0.5×)
//  - after a one-file edit in one agent, how many steps ran (target: that agent's last layers only)
// Each row gives min / median / max; ratios are of medians.
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bakeOverride, type BakeOverride } from "../scripts/bake/override.ts";
import { restorePointRepository } from "../scripts/bake/tag-restore.ts";
import type { BuildPlan } from "../scripts/plan/plan.ts";
import { exec } from "../scripts/process/exec.ts";
import type { BuildReport } from "../scripts/report/build-report.ts";
import { engineProblem, localImageNames } from "../test/integration/engine.ts";
import { copyWorkspace, runCli } from "../test/integration/workspace-copy.ts";
import { interleaved, spreadLine, spreadOf } from "./stats.ts";

// A cached bake takes 1–2 s here, and the 2-core machine drifts (BuildKit's own cache work, other
// load), which back-to-back blocks would charge to one side. One raw bake alone spans 0.8–2.5 s in a
// series: the median of 7 rounds moved the ratio by ±0.1 between runs of the same code, of 15 less.
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);

async function cli<T>(workspace: string, args: string[]): Promise<T> {
  const result = await runCli([...args, "--workspace", workspace]);
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as T;
}

async function main(): Promise<void> {
  const problem = await engineProblem();
  if (problem) {
    console.log(`build bench skipped: ${problem}`);
    return;
  }
  const workspace = await copyWorkspace();
  try {
    const build = (...args: string[]): Promise<BuildReport> =>
      cli(workspace.dir, ["build", "--json", "--no-smoke", "--no-lint", "--progress", "quiet", ...args]);
    const othersPoints = new Set((await restorePointNames()) ?? []);
    await build("agents");
    // Raw bake gets the very override file ours generates, so both build the same thing; its
    // `created` label is renewed before each raw run, as ours is (metadata-action's: the build's
    // time), so both load a new image each time and neither finds its last one.
    const override = join(workspace.dir, "bench-override.json");
    const planned = bakeOverride(await cli<BuildPlan>(workspace.dir, ["plan", "--json", "agents"]));
    const writeOverride = (): void => writeFileSync(override, JSON.stringify(createdNow(planned)));
    writeOverride();
    const [raw = [], ours = [], changed = []] = await interleaved(
      rounds,
      [
        () =>
          exec(["docker", "buildx", "bake", "-f", "bake.hcl", "-f", override, "--progress", "quiet", "agents"], {
            cwd: workspace.dir,
          }),
        () => build("agents"),
        () => build("--changed", "agents"),
      ],
      async () => {
        await restorePointsReleased(othersPoints);
        writeOverride();
      },
    );
    const rawSpread = spreadOf(raw);
    console.log(`${"".padEnd(34)}   min median   max (${rounds} rounds, in turns)`);
    console.log(spreadLine("raw bake, all cached", rawSpread));
    console.log(
      spreadLine("images build, all cached", spreadOf(ours), { median: rawSpread.median, target: "target ≤ 1.15×" }),
    );
    console.log(
      spreadLine("images build --changed, no edit", spreadOf(changed), {
        median: rawSpread.median,
        target: "target ≤ 0.5×",
      }),
    );
    appendFileSync(join(workspace.dir, "agents/echo/agent.py"), `\n# bench edit ${Date.now()}\n`);
    console.log(editLine(await build("--changed", "agents")));
  } finally {
    workspace.remove();
  }
}

/**
 * `images build` returns before the engine has deleted what its restore points alone held (a
 * detached `docker image rm`, ~0.1–0.4 s per image): that work is ours, not the next command's.
 * Restore points already there when the bench started are another workspace's (a killed run's,
 * which that workspace's next build releases) and are not waited for.
 */
async function restorePointsReleased(before: ReadonlySet<string>): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const names = await restorePointNames();
    if (names && names.every((name) => before.has(name))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The restore points in the engine, or undefined while it cannot say. */
function restorePointNames(): Promise<string[] | undefined> {
  // Listing while the engine deletes can fail ("failed to calculate size of image"): not yet.
  return localImageNames(restorePointRepository).catch(() => undefined);
}

const createdLabel = "org.opencontainers.image.created";

function createdNow(override: BakeOverride): BakeOverride {
  const now = new Date().toISOString();
  const targets = Object.entries(override.target).map(([name, target]) => {
    const labels =
      target.labels && createdLabel in target.labels ? { ...target.labels, [createdLabel]: now } : target.labels;
    return [name, { ...target, ...(labels ? { labels } : {}) }] as const;
  });
  return { target: Object.fromEntries(targets) };
}

/** Totals: BuildKit reports a step shared by two targets under one of them, so per-target splits vary. */
function editLine(edited: BuildReport): string {
  const built = edited.targets.filter((t) => t.status === "built");
  const total = built.reduce((sum, t) => sum + t.totalSteps, 0);
  const ran = built.reduce((sum, t) => sum + t.totalSteps - t.cachedSteps, 0);
  const skipped = edited.targets.filter((t) => t.status === "skipped").map((t) => t.target);
  return (
    `after editing agents/echo/agent.py: built ` +
    `${built.map((t) => t.target).join(" + ")}; ${ran} of ` +
    `${total} steps ran; skipped: ${skipped.join(", ") || "none"}`
  );
}

await main();
