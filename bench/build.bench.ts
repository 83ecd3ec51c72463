// Build orchestration overhead, as ratios within one run on the fixture workspace:
//  - `images build` over the equivalent raw `docker buildx bake` when everything is cached (target ≤ 1.15×)
//  - `images build --changed` with nothing changed over raw bake's cached run (target ≤ 0.5×)
//  - after a one-file edit in one agent, how many steps ran (target: that agent's last layers only)
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bakeOverride } from "../scripts/bake/override.ts";
import { prepareBuild } from "../scripts/bake/build.ts";
import { exec } from "../scripts/process/exec.ts";
import type { BuildReport } from "../scripts/report/build-report.ts";
import { engineProblem } from "../test/integration/engine.ts";
import { copyWorkspace, runCli } from "../test/integration/workspace-copy.ts";

// Median of 7, raw and ours interleaved: a cached bake takes 1–2 s here, and the 2-core machine
// drifts (BuildKit's own cache work, other load), which back-to-back blocks would charge to one side.
const runs = 7;

const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;

async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Medians of each command, run in turns. */
async function interleaved(commands: (() => Promise<unknown>)[]): Promise<number[]> {
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) for (const [index, command] of commands.entries()) times[index]?.push(await timeOnce(command));
  return times.map(median);
}

async function main(): Promise<void> {
  const problem = await engineProblem();
  if (problem) {
    console.log(`build bench skipped: ${problem}`);
    return;
  }
  const workspace = await copyWorkspace();
  try {
    const build = async (...args: string[]): Promise<BuildReport> => {
      const result = await runCli(["build", "--workspace", workspace.dir, "--json", "--no-smoke", "--no-lint", "--progress", "quiet", ...args]);
      if (result.exitCode !== 0) throw new Error(result.stderr);
      return JSON.parse(result.stdout) as BuildReport;
    };
    await build("agents");
    const ctx = { workspace: workspace.dir, env: process.env, now: () => new Date(), exec, out: () => undefined, err: () => undefined, isTTY: false, signal: new AbortController().signal };
    const prepared = await prepareBuild(ctx, { targets: ["agents"], output: "load", smoke: false, changed: false, dryRun: true, progress: "quiet", attest: "none" });
    const override = join(workspace.dir, "bench-override.json");
    writeFileSync(override, JSON.stringify(bakeOverride(prepared.plan)));
    const [raw = 0, ours = 0, changed = 0] = await interleaved([
      () => exec(["docker", "buildx", "bake", "-f", "bake.hcl", "-f", override, "--progress", "quiet", "agents"], { cwd: workspace.dir }),
      () => build("agents"),
      () => build("--changed", "agents"),
    ]);
    appendFileSync(join(workspace.dir, "agents/echo/agent.py"), `\n# bench edit ${Date.now()}\n`);
    const edited = await build("--changed", "agents");
    // Totals: BuildKit reports a step shared by two targets under one of them, so per-target splits vary.
    const built = edited.targets.filter((t) => t.status === "built");
    const total = built.reduce((sum, t) => sum + t.totalSteps, 0);
    const ran = built.reduce((sum, t) => sum + t.totalSteps - t.cachedSteps, 0);
    console.log(`raw bake, all cached:            ${raw.toFixed(0)} ms (median of ${runs})`);
    console.log(`images build, all cached:        ${ours.toFixed(0)} ms  ratio ${(ours / raw).toFixed(2)}× (target ≤ 1.15×)`);
    console.log(`images build --changed, no edit: ${changed.toFixed(0)} ms  ratio ${(changed / raw).toFixed(2)}× (target ≤ 0.5×)`);
    const skipped = edited.targets.filter((t) => t.status === "skipped").map((t) => t.target);
    console.log(`after editing agents/echo/agent.py: built ${built.map((t) => t.target).join(" + ")}; ${ran} of ${total} steps ran; skipped: ${skipped.join(", ") || "none"}`);
  } finally {
    workspace.remove();
  }
}

await main();
