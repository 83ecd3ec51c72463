// Smoke specs against real images: the fixture workspace's images built under a unique
// registry name, a deliberately failing spec, bad input, and Ctrl-C. No container may survive.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { formatSmokeReport } from "../../scripts/smoke/report.ts";
import { newRunId, runSmoke, type SmokeReport } from "../../scripts/smoke/runner.ts";
import { registryHost } from "./engine.ts";
import {
  cliCommand,
  copyWorkspace,
  fixtureWorkspace,
  repoRoot,
  runCli,
  uniqueName,
  type WorkspaceCopy,
} from "./workspace-copy.ts";

const registry = `${registryHost}/${uniqueName("itg-smoke")}`;
const env = { REGISTRY: registry, VERSION: "dev" };
const image = (name: string): string => `${registry}/${name}:dev`;
const mirrors = ["python:3.12-slim-bookworm", "debian:bookworm-slim"].flatMap((ref) => [
  "--set",
  `*.contexts.${ref}=docker-image://${registryHost}/library/${ref}`,
]);

async function leftovers(runId = ""): Promise<string[]> {
  const listed = await exec([
    "docker",
    "ps",
    "--all",
    "--format",
    "{{.Names}}",
    "--filter",
    `label=images.smoke${runId ? `=${runId}` : ""}`,
  ]);
  return listed.stdout.split("\n").filter(Boolean);
}

let workspace: WorkspaceCopy;

beforeAll(async () => {
  await exec(["docker", "buildx", "bake", "-f", "bake.hcl", "--load", ...mirrors], {
    cwd: fixtureWorkspace,
    env: { ...process.env, ...env },
  });
  workspace = await copyWorkspace();
});

afterAll(async () => {
  workspace.remove();
  const names = ["python-agent-base", "echo-agent", "notes-agent", "api"].map(image);
  await exec(["docker", "image", "rm", "--force", ...names], { check: false });
});

describe("pnpm images smoke on the fixture workspace", () => {
  test("every fixture image passes its spec; JSON report; nothing left behind", async () => {
    const result = await runCli(["smoke", "--workspace", fixtureWorkspace, "--format", "json", "--parallel", "2"], env);
    const report = JSON.parse(result.stdout) as SmokeReport & { schemaVersion: number };
    expect(
      report.results
        .filter((r) => !r.passed)
        .map((r) => formatSmokeReport({ passed: false, results: [r] }, "tty", false)),
    ).toEqual([]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(report.schemaVersion).toBe(1);
    expect(report.results.map((r) => r.target).sort()).toEqual([
      "api",
      "echo-agent",
      "notes-agent",
      "python-agent-base",
    ]);
    expect(report.results.find((r) => r.target === "echo-agent")?.tests.map((t) => t.name)).toContain(
      "Service Test: echo service › SIGTERM exits 0 within 10s",
    );
    expect(await leftovers()).toEqual([]);
  });

  test("a deliberately failing spec fails with a readable report and leaves no container", async () => {
    const runId = newRunId();
    const specFile = join(repoRoot, "test/fixtures/smoke/failing/smoke.yaml");
    const report = await runSmoke({
      items: [{ target: "echo-agent", image: image("echo-agent"), specFile }],
      exec,
      parallel: 1,
      runId,
    });
    const text = formatSmokeReport(report, "tty", false);
    expect(report.passed).toBe(false);
    expect(report.results[0]?.tests.map((t) => [t.name, t.passed])).toEqual([
      ["Command Test: python is version 2 (it is not)", false],
      ["Command Test: python runs", true],
      ["File Existence Test: a file that is not there", false],
      ["Service Test: echo claims to be chat › healthy", true],
      ["Service Test: echo claims to be chat › health says chat", false],
      ["Service Test: echo claims to be chat › SIGTERM exits 0 within 10s", true],
    ]);
    expect(text).toContain("expected stdout to match /^Python 2\\./\n        actual stdout:\n          | Python 3.");
    expect(text).toContain('expected agent = "chat", got "echo"');
    expect(text).toContain("container log (last 20 lines):\n          | echo agent listening");
    expect(await leftovers(runId)).toEqual([]);
  });

  test("--format junit --output writes a JUnit file and exits 1 on failure", async () => {
    writeFileSync(
      join(workspace.dir, "agents/echo/smoke.yaml"),
      readFileSync(join(repoRoot, "test/fixtures/smoke/failing/smoke.yaml")),
    );
    const result = await runCli(
      ["smoke", "echo-agent", "--workspace", workspace.dir, "--format", "junit", "--output", "smoke.xml"],
      env,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/smoke: 1 image\(s\), 1 failed/);
    const xml = readFileSync(join(workspace.dir, "smoke.xml"), "utf8");
    expect(xml).toMatch(/<testsuite name="echo-agent" tests="6" failures="3"/);
    expect(await leftovers()).toEqual([]);
  });
});

describe("bad input gives one clear error, a non-zero exit and no container", () => {
  test("a spec that does not parse names its file and line", async () => {
    writeFileSync(
      join(workspace.dir, "agents/notes/smoke.yaml"),
      "schemaVersion: 2.0.0\ncommandTests:\n  - name: x\n    command: true\n    exitcode: 0\n",
    );
    const result = await runCli(["smoke", "notes-agent", "--workspace", workspace.dir], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `${join(workspace.dir, "agents/notes/smoke.yaml")}:5: ` +
        `invalid smoke spec: commandTests[0].exitcode is not a known ` +
        `field`,
    );
    expect(await leftovers()).toEqual([]);
  });

  test("an unknown target is a usage error", async () => {
    const result = await runCli(["smoke", "no-such-target", "--workspace", fixtureWorkspace], env);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/no-such-target/);
  });

  test("an image that was never built fails its spec with what to do next", async () => {
    const result = await runCli(
      ["smoke", "echo-agent", "--workspace", fixtureWorkspace, "--image", `echo-agent=${registry}/never-built:dev`],
      env,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/is not available locally[\s\S]*pnpm build:images echo-agent/);
    expect(await leftovers()).toEqual([]);
  });

  test("an engine that is down is an engine error", async () => {
    const result = await runCli(["smoke", "echo-agent", "--workspace", fixtureWorkspace], {
      ...env,
      DOCKER_HOST: "unix:///tmp/images-smoke-no-engine.sock",
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: .*(engine|daemon)/im);
  });
});

describe("Ctrl-C", () => {
  test("SIGTERM while a service runs removes its container", async () => {
    const controller = new AbortController();
    const running = exec([...cliCommand, "smoke", "echo-agent", "--workspace", fixtureWorkspace], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      check: false,
      signal: controller.signal,
    });
    for (
      let i = 0;
      i < 120 &&
      (
        await exec(["docker", "ps", "--quiet", "--filter", "label=images.smoke", "--filter", "status=running"])
      ).stdout.trim() === "";
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    controller.abort();
    const result = await running;
    expect(result.exitCode).toBe(130);
    expect(await leftovers()).toEqual([]);
  });
});

describe("regular expressions are Go's RE2", () => {
  test("^(a+)+$ against 36 a's and a ! finishes (failed) in seconds and leaves no container", async () => {
    const runId = newRunId();
    const specFile = join(repoRoot, "test/fixtures/smoke/redos/smoke.yaml");
    const started = Date.now();
    const report = await runSmoke({
      items: [{ target: "echo-agent", image: image("echo-agent"), specFile }],
      exec,
      parallel: 1,
      runId,
    });
    // A backtracking engine spins for ever here; the bound only leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(report.passed).toBe(false);
    expect(report.results[0]?.tests[0]?.message).toMatch(/^expected stdout to match \/\^\(a\+\)\+\$\/\n.*\| a{36}!/s);
    expect(await leftovers(runId)).toEqual([]);
  });
});
