// The restore points a local load takes are released after bake: without waiting when the context
// can start a detached process (the engine then deletes what they alone held), else awaited.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { runBake } from "../../../scripts/bake/run-bake.ts";
import type { BuildPlan } from "../../../scripts/plan/plan.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { plannedTarget } from "./planned-target.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const target = plannedTarget("echo-agent");
const plan: BuildPlan = { schemaVersion: 1, targets: [target] };

const old = `sha256:${"a".repeat(64)}`;

/**
 * An engine that has x/echo-agent:dev (named only that, or also `alsoNamed`; with `fresh`, nothing
 * yet) and whose bake succeeds (it writes the metadata file) or, with `bakeFails`, exits 1.
 */
function world(state: { fresh?: boolean; bakeFails?: boolean; alsoNamed?: string; oldGone?: boolean } = {}): {
  exec: Exec;
  ran: string[];
} {
  const ran: string[] = [];
  const exec: Exec = async (argv) => {
    ran.push(argv.join(" "));
    const metadata = argv.indexOf("--metadata-file");
    if (metadata >= 0) writeFileSync(argv[metadata + 1] ?? "", "{}");
    if (argv[2] === "inspect") {
      const names = ["x/echo-agent:dev", ...(state.alsoNamed ? [state.alsoNamed] : [])];
      const stdout = state.fresh ? "" : `${JSON.stringify({ id: old, size: 1, labels: null, names })}\n`;
      return { argv, exitCode: state.fresh ? 1 : 0, stdout, stderr: "" };
    }
    // oldGone: the old image was deleted before any name of ours could hold it.
    const failed = (metadata >= 0 && state.bakeFails) || (state.oldGone === true && argv[2] === old);
    return { argv, exitCode: failed ? 1 : 0, stdout: "", stderr: "" };
  };
  return { exec, ran };
}

function options(exec: Exec) {
  const workspace = mkdtempSync(join(tmpdir(), "run-bake-release-"));
  dirs.push(workspace);
  return { workspace, bakeFile: "bake.hcl", plan, exec, env: {}, progress: "quiet" as const, log: () => undefined };
}

const release = `docker image rm images-restore-point:${process.pid}-0`;

test("with a detach door, the release is started and not awaited: exec never runs it", async () => {
  const { exec, ran } = world();
  const detached: string[] = [];
  await runBake({ ...options(exec), detach: (argv) => detached.push(argv.join(" ")) });
  expect(detached).toEqual([release]);
  expect(ran.some((line) => line.startsWith("docker image rm"))).toBe(false);
  expect(ran).toContain(`docker tag ${old} images-restore-point:${process.pid}-0`);
});

test("without one, exec runs the release before runBake returns", async () => {
  const { exec, ran } = world();
  await runBake(options(exec));
  expect(ran.at(-1)).toBe(release);
});

test("a bake that fails puts the ref back on the image its restore point holds, then releases it", async () => {
  const { exec, ran } = world({ bakeFails: true });
  await expect(runBake(options(exec))).rejects.toThrow();
  expect(ran.slice(-2)).toEqual([`docker tag ${old} x/echo-agent:dev`, release]);
});

test("an image that keeps a name bake does not write needs no restore point: none is taken", async () => {
  const { exec, ran } = world({ alsoNamed: "x/echo-agent:sha-1234567", bakeFails: true });
  await expect(runBake(options(exec))).rejects.toThrow();
  expect(ran.filter((line) => line.includes("images-restore-point"))).toEqual([]);
  expect(ran.at(-1)).toBe(`docker tag ${old} x/echo-agent:dev`);
});

test("a restore point that lost its image (gone before it was held): a failure removes the ref", async () => {
  const { exec, ran } = world({ bakeFails: true, oldGone: true });
  await expect(runBake(options(exec))).rejects.toThrow();
  expect(ran.slice(-2)).toEqual([`docker tag ${old} x/echo-agent:dev`, "docker image rm x/echo-agent:dev"]);
  expect(ran.some((line) => line.startsWith("docker image rm images-restore-point"))).toBe(false);
});

test("restore points a killed run left in its bake folder are released with this run's", async () => {
  const { exec } = world();
  const opts = options(exec);
  const dead = join(opts.workspace, ".cache", "images", `bake-${2 ** 22 + 1}-1796213265569`);
  mkdirSync(dead, { recursive: true });
  writeFileSync(join(dead, "restore-points.json"), JSON.stringify(["images-restore-point:4194305-0"]));
  const detached: string[] = [];
  await runBake({ ...opts, detach: (argv) => detached.push(argv.join(" ")) });
  expect(detached).toEqual([`${release} images-restore-point:4194305-0`]);
  expect(existsSync(dead)).toBe(false);
});

test("a ref that does not exist yet gets no restore point: a failure removes it, nothing is released", async () => {
  const { exec, ran } = world({ fresh: true, bakeFails: true });
  await expect(runBake(options(exec))).rejects.toThrow();
  expect(ran.at(-1)).toBe("docker image rm x/echo-agent:dev");
  expect(ran.filter((line) => line.includes("images-restore-point"))).toEqual([]);
});

test("bake starts before the tags are read and held: their image calls run beside its start", async () => {
  const { exec: engine, ran } = world({ bakeFails: true });
  let bakeStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => (bakeStarted = resolve));
  const exec: Exec = async (argv, options) => {
    if (argv.includes("--metadata-file")) bakeStarted();
    // An inspect that answers only once bake runs: awaited before bake, it would wait in vain.
    if (argv[2] === "inspect") await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 500))]);
    return engine(argv, options);
  };
  await expect(runBake(options(exec))).rejects.toThrow();
  const bake = ran.findIndex((line) => line.includes("--metadata-file"));
  expect(bake).toBe(0);
  expect(ran.slice(1)).toEqual([
    expect.stringMatching(/^docker image inspect .* x\/echo-agent:dev$/),
    `docker tag ${old} images-restore-point:${process.pid}-0`,
    `docker tag ${old} x/echo-agent:dev`,
    release,
  ]);
});

test("a restore point that a run now gone left on the image is released with this run's, after bake", async () => {
  // Beyond Linux's largest pid: no process has it.
  const gone = "images-restore-point:999999999-0";
  const { exec, ran } = world({ alsoNamed: gone, bakeFails: true });
  await expect(runBake(options(exec))).rejects.toThrow();
  expect(ran).toContain(`docker tag ${old} images-restore-point:${process.pid}-0`);
  expect(ran.slice(-2)).toEqual([`docker tag ${old} x/echo-agent:dev`, `${release} ${gone}`]);
});

test("one that a running process holds is left to it", async () => {
  const held = `images-restore-point:${process.ppid}-0`;
  const { exec, ran } = world({ alsoNamed: held, bakeFails: true });
  await expect(runBake(options(exec))).rejects.toThrow();
  expect(ran.filter((line) => line.includes("images-restore-point"))).toEqual([]);
});
