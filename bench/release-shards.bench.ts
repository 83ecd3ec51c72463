// Wall time of the fixture's release, one runner (`pnpm images release`) against the same release
// sharded (`plan --matrix`, every shard as its own process in its own checkout, in parallel, then
// `--promote`), into the local registry, this machine's platform. Each round first edits a file in
// the base and in the API and commits, so both paths rebuild what a code change rebuilds (the
// apt layers stay cached) instead of replaying a fully cached build. Rounds alternate the two.
// Here every "runner" shares one engine and two cores, so a third way runs the shards one at a time,
// each with the machine to itself, and counts the longest one plus the promotion: what separate
// runners of this machine's size would take (docs/scale-out.md has all three).
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { nativePlatformOf } from "../scripts/plan/platforms.ts";
import { exec } from "../scripts/process/exec.ts";
import { engineProblem, registryHost } from "../test/integration/engine.ts";
import { planMatrix, promote, runnerCheckout, runShard, triggerEnv } from "../test/integration/release-shards.ts";
import { copyWorkspace, runCli, uniqueName } from "../test/integration/workspace-copy.ts";
import { spreadOf, type Spread } from "./stats.ts";

const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const platform = nativePlatformOf(process.platform, process.arch);
const git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"];

function check(what: string, result: { exitCode: number; stderr: string }): void {
  if (result.exitCode !== 0) throw new Error(`${what} failed:\n${result.stderr.split("\n").slice(-15).join("\n")}`);
}

async function main(): Promise<void> {
  const problem = await engineProblem();
  if (problem) {
    console.log(`release-shards bench skipped: ${problem}`);
    return;
  }
  const workspace = await copyWorkspace();
  const files = mkdtempSync(join(tmpdir(), "bench-shards-"));
  writeFileSync(join(workspace.dir, ".hadolint.yaml"), "failure-threshold: error\nignored:\n  - IMG001\n");
  writeFileSync(
    join(files, "event.json"),
    JSON.stringify({ repository: { name: "fixture-images", default_branch: "main" } }),
  );
  const edited = ["base/agent_http.py", "api/server.py"];
  const edit = async (round: string): Promise<string> => {
    for (const file of edited) appendFileSync(join(workspace.dir, file), `\n# bench ${round}\n`);
    // Only these: the release's own .cache/ must stay untracked.
    await exec([...git, "add", ".hadolint.yaml", ...edited], { cwd: workspace.dir });
    await exec([...git, "commit", "-qm", `bench ${round}`], { cwd: workspace.dir });
    return (await exec(["git", "rev-parse", "HEAD"], { cwd: workspace.dir })).stdout.trim();
  };
  const used: string[] = [];
  const single: number[] = [];
  const sharded: number[] = [];
  const separate: number[] = [];
  const loads: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const mode of ["single", "sharded", "separate"] as const) {
        const sha = await edit(`${mode}-${round}-${Date.now()}`);
        const env = triggerEnv({ version: "v1.2.3", sha, eventFile: join(files, "event.json") });
        const namespace = uniqueName(`bench-${mode}`);
        used.push(namespace);
        const registry = `${registryHost}/${namespace}`;
        loads.push(loadavg()[0] ?? 0);
        const start = performance.now();
        if (mode === "single") {
          check(
            "release",
            await runCli(
              ["release", "--workspace", workspace.dir, "--registry", registry, "--platform", platform],
              env,
            ),
          );
          single.push(performance.now() - start);
        } else if (mode === "sharded") {
          await shardedRelease(workspace.dir, registry, env, join(files, `${mode}-${round}`), true);
          sharded.push(performance.now() - start);
        } else
          separate.push(await shardedRelease(workspace.dir, registry, env, join(files, `${mode}-${round}`), false));
        loads.push(loadavg()[0] ?? 0);
      }
    }
    const reference = spreadOf(single).median;
    console.log(
      `${rounds} rounds, in turns; 1-min load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ` +
        `${platform}; min / median / max`,
    );
    console.log(line("release, one runner", spreadOf(single), reference));
    console.log(line(`sharded: shards at once + promote`, spreadOf(sharded), reference));
    console.log(line("sharded: longest shard alone + promote", spreadOf(separate), reference));
  } finally {
    workspace.remove();
    rmSync(files, { recursive: true, force: true });
    for (const namespace of used) await dropNamespace(namespace);
  }
}

/** Deletes what a run left in the registry (release and staging repositories; deletes are on here). */
async function dropNamespace(namespace: string): Promise<void> {
  const images = ["python-agent-base", "echo-agent", "notes-agent", "api"];
  const slug = platform.replace("/", "-");
  const accept = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json";
  for (const repository of images.flatMap((image) => [
    `${namespace}/${image}`,
    `${namespace}/release-staging/${image}`,
    `${namespace}/release-staging/${slug}/${image}`,
  ])) {
    const list = await fetch(`http://${registryHost}/v2/${repository}/tags/list`);
    const tags = list.ok ? (((await list.json()) as { tags: string[] | null }).tags ?? []) : [];
    for (const tag of tags) {
      const digest = (
        await fetch(`http://${registryHost}/v2/${repository}/manifests/${tag}`, { method: "HEAD", headers: { accept } })
      ).headers.get("docker-content-digest");
      if (digest) await fetch(`http://${registryHost}/v2/${repository}/manifests/${digest}`, { method: "DELETE" });
    }
  }
}

/** Together: every shard at once. Apart: one at a time; returns the longest shard plus the promotion (ms). */
async function shardedRelease(
  workspace: string,
  registry: string,
  env: NodeJS.ProcessEnv,
  results: string,
  together: boolean,
): Promise<number> {
  const matrix = await planMatrix(workspace, platform);
  const checkouts = matrix.map(() => runnerCheckout(workspace));
  const shard = async (index: number): Promise<number> => {
    const entry = matrix[index];
    const start = performance.now();
    check(
      `shard ${entry?.shard ?? ""}`,
      await runShard({
        workspace: checkouts[index]?.dir ?? workspace,
        registry,
        platform,
        shard: entry?.shard ?? "",
        results: join(results, entry?.shard ?? ""),
        env,
      }),
    );
    return performance.now() - start;
  };
  try {
    const times: number[] = [];
    if (together) times.push(...(await Promise.all(matrix.map((_, index) => shard(index)))));
    else for (const index of matrix.keys()) times.push(await shard(index));
    const start = performance.now();
    check("promote", await promote({ workspace, registry, platform, results, env }));
    return Math.max(...times) + performance.now() - start;
  } finally {
    for (const checkout of checkouts) checkout.remove();
  }
}

function line(name: string, spread: Spread, reference: number): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const columns = [spread.min, spread.median, spread.max].map((ms) => s(ms).padStart(8)).join("");
  return `${name.padEnd(40)}${columns}   ${(spread.median / reference).toFixed(2)}× one runner`;
}

await main();
