// Ctrl-C during a build: bake's process group is stopped, generated files are removed,
// and nothing is tagged from the interrupted build.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { cliCommand, copyWorkspace, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

let workspace: WorkspaceCopy;

beforeAll(async () => {
  workspace = await copyWorkspace();
  // A slow, never-cached step so there is a build to interrupt.
  writeFileSync(join(workspace.dir, "agents/echo/Dockerfile"), `FROM debian:bookworm-slim\nRUN echo ${uniqueName("slow")} && sleep 60\n`);
});

afterAll(() => workspace.remove());

test("SIGINT stops bake, removes the override file and tags nothing", async () => {
  const tag = uniqueName("interrupted");
  let pid = 0;
  let sent = false;
  const run = exec([...cliCommand, "build", "--workspace", workspace.dir, "--no-lint", "--no-smoke", "--progress", "plain", "--registry", `127.0.0.1:5000/${tag}`, "echo-agent"], {
    check: false,
    group: true,
    env: { ...process.env, IMAGES_CACHE_MODE: "none" },
    onPid: (value) => (pid = value),
    onStderr: (chunk) => {
      // Wait until the slow step has started, then press Ctrl-C (SIGINT to the foreground group).
      if (!sent && /DONE .*load build context|\] RUN echo/.test(chunk)) {
        sent = true;
        setTimeout(() => process.kill(-pid, "SIGINT"), 1500);
      }
    },
  });
  const started = Date.now();
  const result = await run;
  expect(sent).toBe(true);
  expect(Date.now() - started).toBeLessThan(45_000);
  expect(result.exitCode).toBe(130);
  expect(result.stderr).toMatch(/build interrupted: bake was stopped and nothing was tagged or pushed/);
  const generated = join(workspace.dir, ".cache/images");
  expect(existsSync(generated) ? readdirSync(generated) : []).toEqual([]);
  const images = await exec(["docker", "image", "ls", "--format", "{{.Repository}}", `127.0.0.1:5000/${tag}/echo-agent`]);
  expect(images.stdout.trim()).toBe("");
  const bakes = await exec(["pgrep", "-f", `bake.*${workspace.dir}`], { check: false });
  expect(bakes.stdout.trim()).toBe("");
});
