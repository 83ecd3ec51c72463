// `pnpm images stack test` on a compose file of the fixture images (fixed names and ports on
// purpose): healthy stack, persistence across an API restart, and a teardown that leaves nothing,
// also when a service never becomes healthy.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { fixtureWorkspace, repoRoot, runCli, uniqueName } from "./workspace-copy.ts";

const registry = `${registryHost}/${uniqueName("itg-stack")}`;
const env = { REGISTRY: registry, VERSION: "dev" };
const stackDir = join(repoRoot, "test/fixtures/smoke/stack");
const mirrors = ["python:3.12-slim-bookworm", "debian:bookworm-slim"].flatMap((ref) => ["--set", `*.contexts.${ref}=docker-image://${registryHost}/library/${ref}`]);

async function stackLeftovers(): Promise<string[]> {
  const containers = await exec(["docker", "ps", "--all", "--format", "{{.Names}}", "--filter", "label=com.docker.compose.project"]);
  const volumes = await exec(["docker", "volume", "ls", "--quiet"]);
  const networks = await exec(["docker", "network", "ls", "--format", "{{.Name}}"]);
  return [containers.stdout, volumes.stdout, networks.stdout].flatMap((out) => out.split("\n")).filter((name) => name.startsWith("images-stack-"));
}

beforeAll(async () => {
  await exec(["docker", "buildx", "bake", "-f", "bake.hcl", "--load", ...mirrors, "echo-agent", "notes-agent", "api"], { cwd: fixtureWorkspace, env: { ...process.env, ...env } });
});

afterAll(async () => {
  const names = ["python-agent-base", "echo-agent", "notes-agent", "api"].map((name) => `${registry}/${name}:dev`);
  await exec(["docker", "image", "rm", "--force", ...names], { check: false });
});

describe("pnpm images stack test", () => {
  test("brings the stack up healthy, keeps the API's file across a restart, tears down", async () => {
    const result = await runCli(["stack", "test", "--workspace", stackDir, "--timeout", "90"], env);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/✓ every service healthy within 90s[\s\S]*✓ restart api[\s\S]*✓ \/app\/storage\/\.stack-probe-\w+ survived the restart/);
    expect(await stackLeftovers()).toEqual([]);
  });

  test("a service that never gets healthy fails the test, shows its state, and still tears down", async () => {
    const result = await runCli(["stack", "test", "--workspace", stackDir, "--timeout", "60"], { ...env, VERSION: "never-built" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✗ every service healthy/);
    expect(result.stderr).toMatch(/tearing down images-stack-/);
    expect(await stackLeftovers()).toEqual([]);
  });

  test("only `test` is an action", async () => {
    const result = await runCli(["stack", "up", "--workspace", stackDir], env);
    expect(result.exitCode).toBe(2);
  });
});
