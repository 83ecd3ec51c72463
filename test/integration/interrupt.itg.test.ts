// Ctrl-C during a build: bake's process group is stopped, generated files are removed,
// and nothing is tagged from the interrupted build. Ctrl-C or a timeout during a smoke run: the
// container is removed by name, not only its `docker run` client, and the exit code is 130.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { newRunId, runSmoke } from "../../scripts/smoke/runner.ts";
import { registryHost } from "./engine.ts";
import { cliCommand, copyWorkspace, repoRoot, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

let workspace: WorkspaceCopy;
// A tag of our own for the smoke tests, so `ancestor=` finds only this file's containers.
const image = `${uniqueName("itg-hang")}:debian`;
const hangSpec = join(repoRoot, "test/fixtures/smoke/hang/smoke.yaml");

beforeAll(async () => {
  workspace = await copyWorkspace();
  // A slow, never-cached step so there is a build to interrupt.
  writeFileSync(
    join(workspace.dir, "agents/echo/Dockerfile"),
    `FROM debian:bookworm-slim\nRUN echo ${uniqueName("slow")} && sleep 60\n`,
  );
  await exec(["docker", "pull", "--quiet", `${registryHost}/library/debian:bookworm-slim`]);
  await exec(["docker", "tag", `${registryHost}/library/debian:bookworm-slim`, image]);
});

afterAll(async () => {
  workspace.remove();
  await exec(["docker", "image", "rm", image], { check: false });
});

async function containersOf(ref: string): Promise<string[]> {
  const listed = await exec(["docker", "ps", "--all", "--format", "{{.Names}}", "--filter", `ancestor=${ref}`]);
  return listed.stdout.split("\n").filter(Boolean);
}

// One Ctrl-C; two quick ones (the second only says cleanup is under way); three (the third quits at once,
// and the process's exit handler still removes the generated files).
test.each([1, 2, 3])("%i × SIGINT stops bake, removes its bake folder and tags nothing", async (presses) => {
  const tag = uniqueName("interrupted");
  let pid = 0;
  let sent = false;
  const run = exec(
    [
      ...cliCommand,
      "build",
      "--workspace",
      workspace.dir,
      "--no-lint",
      "--no-smoke",
      "--progress",
      "plain",
      "--registry",
      `127.0.0.1:5000/${tag}`,
      "echo-agent",
    ],
    {
      check: false,
      group: true,
      env: { ...process.env, IMAGES_CACHE_MODE: "none" },
      onPid: (value) => (pid = value),
      onStderr: (chunk) => {
        // Wait until the slow step has started, then press Ctrl-C (SIGINT to the foreground group).
        if (!sent && /DONE .*load build context|\] RUN echo/.test(chunk)) {
          sent = true;
          for (let press = 0; press < presses; press++) setTimeout(() => pressCtrlC(pid), 1500 + press * 100);
        }
      },
    },
  );
  const started = Date.now();
  const result = await run;
  expect(sent).toBe(true);
  expect(Date.now() - started).toBeLessThan(45_000);
  expect(result.exitCode).toBe(130);
  // The third press quits before the command can say so.
  expect(
    presses === 3 || /build interrupted: bake was stopped and nothing was tagged or pushed/.test(result.stderr),
  ).toBe(true);
  const generated = join(workspace.dir, ".cache/images");
  expect(existsSync(generated) ? readdirSync(generated) : []).toEqual([]);
  const images = await exec([
    "docker",
    "image",
    "ls",
    "--format",
    "{{.Repository}}",
    `127.0.0.1:5000/${tag}/echo-agent`,
  ]);
  expect(images.stdout.trim()).toBe("");
  // The group's SIGINT reached bake too; after a third press the CLI does not wait for it to finish.
  let bakes = "";
  for (let waited = 0; waited < 20; waited++) {
    bakes = (await exec(["pgrep", "-f", `bake.*${workspace.dir}`], { check: false })).stdout.trim();
    if (!bakes || presses < 3) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(bakes).toBe("");
});

test(
  "one SIGINT to the process group stops a smoke run whose PID " + "1 ignores signals: exit 130, nothing left",
  async () => {
    copyFileSync(hangSpec, join(workspace.dir, "agents/echo/smoke.yaml"));
    let pid = 0;
    const run = exec(
      [...cliCommand, "smoke", "echo-agent", "--workspace", workspace.dir, "--image", `echo-agent=${image}`],
      { check: false, group: true, onPid: (value) => (pid = value) },
    );
    for (let i = 0; i < 240 && (await containersOf(image)).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await containersOf(image)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = Date.now();
    process.kill(-pid, "SIGINT");
    const result = await run;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^error: interrupted/m);
    expect(result.stderr).not.toMatch(/exited with|unexpected failure/);
    expect(await containersOf(image)).toEqual([]);
    const clients = await exec(["pgrep", "-f", `docker run.*${image}`], { check: false });
    expect(clients.stdout.trim()).toBe("");
  },
);

test("a command test that outlives its timeout fails, and its container is stopped and removed", async () => {
  const runId = newRunId();
  const started = Date.now();
  const report = await runSmoke({
    items: [{ target: "hang", image, specFile: hangSpec }],
    exec,
    parallel: 1,
    runId,
    commandTimeoutMs: 3000,
  });
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(report.results[0]?.tests.map((t) => [t.passed, t.message])).toEqual([
    [false, "`sleep infinity` was still running after 3s: its container was stopped and removed"],
  ]);
  expect(await containersOf(image)).toEqual([]);
});

/** SIGINT to the group; a group already gone (an earlier press ended it) is no error. */
function pressCtrlC(pid: number): void {
  try {
    process.kill(-pid, "SIGINT");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
