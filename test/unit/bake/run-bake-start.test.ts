// A bake started ahead of its plan: its command line is fixed before the plan exists (the
// selection is a group the override defines), the override reaches it on stdin, and one that
// gets no plan is stopped through its input and leaves no folder.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { selectionGroup } from "../../../scripts/bake/override.ts";
import { runBake, startBake } from "../../../scripts/bake/run-bake.ts";
import type { BuildPlan } from "../../../scripts/plan/plan.ts";
import type { Exec, ExecOptions } from "../../../scripts/process/exec.ts";
import { plannedTarget } from "./planned-target.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Not a load: no restore points, so bake is the only process.
const target = (name: string, requested: boolean) => plannedTarget(name, { requested, output: ["type=registry"] });
const plan: BuildPlan = { schemaVersion: 1, targets: [target("base", false), target("echo-agent", true)] };

/** bake as a process that reads its override from stdin: it answers once the input settles. */
function stdinBake(): { exec: Exec; argv: () => readonly string[]; given: () => string | undefined } {
  let argv: readonly string[] = [];
  let given: string | undefined;
  const exec: Exec = async (called, options: ExecOptions = {}) => {
    argv = called;
    try {
      given = String(await options.input);
    } catch {
      return { argv: called, exitCode: 128, stdout: "", stderr: "" }; // stopped: it got no input
    }
    const metadata = called.indexOf("--metadata-file");
    writeFileSync(called[metadata + 1] ?? "", "{}");
    return { argv: called, exitCode: 0, stdout: "", stderr: "" };
  };
  return { exec, argv: () => argv, given: () => given };
}

function startOptions(exec: Exec) {
  const workspace = mkdtempSync(join(tmpdir(), "run-bake-start-"));
  dirs.push(workspace);
  return { workspace, bakeFile: "bake.hcl", exec, env: {}, progress: "quiet" as const, log: () => undefined };
}

test("bake starts before the plan: its argv names the selection group, its override comes on stdin", async () => {
  const bake = stdinBake();
  const options = startOptions(bake.exec);
  const started = startBake(options);
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(bake.argv().slice(0, 6)).toEqual(["docker", "buildx", "bake", "-f", "bake.hcl", "-f"]);
  expect(bake.argv()[6]).toBe("-");
  expect(bake.argv().at(-1)).toBe(selectionGroup);
  expect(bake.given()).toBeUndefined();
  await runBake({ ...options, plan, started });
  const override = JSON.parse(bake.given() ?? "{}") as { group: Record<string, unknown>; target: object };
  expect(override.group).toEqual({ [selectionGroup]: { targets: ["echo-agent"] } });
  expect(Object.keys(override.target)).toEqual(["base", "echo-agent"]);
  expect(existsSync(started.dir)).toBe(false);
});

test("a bake that gets no plan is stopped through its input, and its folder goes", async () => {
  const bake = stdinBake();
  const started = startBake(startOptions(bake.exec));
  expect(existsSync(started.dir)).toBe(true);
  await started.drop();
  expect((await started.exited).result.exitCode).toBe(128);
  expect(bake.given()).toBeUndefined();
  expect(existsSync(started.dir)).toBe(false);
});

test("once it has its plan, dropping it changes nothing", async () => {
  const bake = stdinBake();
  const options = startOptions(bake.exec);
  const started = startBake(options);
  await runBake({ ...options, plan, started });
  await started.drop();
  expect((await started.exited).result.exitCode).toBe(0);
});

test("the loaded images are reported as named when bake's progress shows their export, before bake exits", async () => {
  const events: string[] = [];
  const loads: BuildPlan = {
    schemaVersion: 1,
    targets: [{ ...target("echo-agent", true), output: ["type=docker"] }],
  };
  const exec: Exec = async (argv, options: ExecOptions = {}) => {
    if (!argv.includes("--metadata-file")) return { argv, exitCode: 1, stdout: "", stderr: "" }; // no image yet
    await options.input;
    const completed = "2026-12-07T16:42:46.082Z";
    options.onStderr?.(JSON.stringify({ vertexes: [{ digest: "a", name: "exporting to image", completed }] }));
    events.push("bake exits");
    writeFileSync(argv[argv.indexOf("--metadata-file") + 1] ?? "", "{}");
    return { argv, exitCode: 0, stdout: "", stderr: "" };
  };
  await runBake({ ...startOptions(exec), plan: loads, exported: () => events.push("exported") });
  expect(events).toEqual(["exported", "bake exits"]);
});
