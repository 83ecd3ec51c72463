// A sharded release as CI runs it, on this machine: `plan --matrix`, then every shard as its own CLI
// process in its own copy of the workspace (its own checkout and cache folder, as a runner has),
// writing its result into its own folder (as each uploads an artifact), then the promotion reading
// them all. Shared by the integration test and the bench.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MatrixEntry } from "../../scripts/plan/matrix.ts";
import { exec, type ExecResult } from "../../scripts/process/exec.ts";
import { cliCommand, repoRoot, runCli } from "./workspace-copy.ts";

export interface ReleaseTrigger {
  version: string;
  sha: string;
  eventFile: string;
}

/** What Actions sets for a tag push; SOURCE_DATE_EPOCH fixed so every runner stamps the same labels. */
export function triggerEnv(trigger: ReleaseTrigger): NodeJS.ProcessEnv {
  return {
    GITHUB_REF: `refs/tags/${trigger.version}`,
    GITHUB_SHA: trigger.sha,
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: trigger.eventFile,
    SOURCE_DATE_EPOCH: "1767225600",
    IMAGES_RELEASE_RETRY_MS: "100",
  };
}

export async function planMatrix(workspace: string, platform: string): Promise<MatrixEntry[]> {
  const result = await runCli(["plan", "--matrix", "--workspace", workspace, "--platform", platform]);
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return (JSON.parse(result.stdout) as { include: MatrixEntry[] }).include;
}

/** A runner's own checkout: the same commit (`.git` included), no cache folder yet. */
export function runnerCheckout(workspace: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "images-runner-"));
  cpSync(workspace, dir, { recursive: true, filter: (source) => !source.includes(".cache") });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ShardOptions {
  workspace: string;
  registry: string;
  platform: string;
  shard: string;
  results: string;
  env: NodeJS.ProcessEnv;
  /** `--builder NAME`. */
  builder?: string;
  onStderr?: (chunk: string) => void;
  onPid?: (pid: number) => void;
}

export function runShard(options: ShardOptions): Promise<ExecResult> {
  const args = [
    "release",
    "--workspace",
    options.workspace,
    "--registry",
    options.registry,
    "--platform",
    options.platform,
    "--shard",
    options.shard,
    "--results",
    options.results,
    ...(options.builder ? ["--builder", options.builder] : []),
  ];
  return exec([...cliCommand, ...args], {
    cwd: repoRoot,
    env: { ...process.env, GITHUB_ACTIONS: "", ...options.env },
    check: false,
    // Its own process group, as a runner's job: a cancel signals the whole group.
    group: true,
    ...(options.onStderr ? { onStderr: options.onStderr } : {}),
    ...(options.onPid ? { onPid: options.onPid } : {}),
  });
}

export function promote(options: Omit<ShardOptions, "shard" | "builder" | "onStderr" | "onPid">): Promise<ExecResult> {
  return runCli(
    [
      "release",
      "--workspace",
      options.workspace,
      "--registry",
      options.registry,
      "--platform",
      options.platform,
      "--promote",
      "--results",
      options.results,
    ],
    options.env,
  );
}
