// The CLI's contract with a user: bad input gives one clear line and a non-zero exit, never a stack trace.
// These spawn the real entry point (no engine needed: DOCKER_HOST points nowhere).
import { appendFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exec } from "../../../scripts/process/exec.ts";
import { parseCommandArgs } from "../../../scripts/cli/parse.ts";
import { buildCommand } from "../../../scripts/bake/build-command.ts";

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  exec(["node", "--import", "tsx", "scripts/cli.ts", ...args], { check: false, env: { ...process.env, DOCKER_HOST: "unix:///nonexistent/docker.sock", ...env } });

describe("pnpm images", () => {
  test.each([
    [["frobnicate"], 2, /^error: unknown command "frobnicate"\n  hint: Valid commands: doctor, bases, lint/],
    [["plan", "--workspace", "/nonexistent/dir"], 2, /^error: workspace "\/nonexistent\/dir" does not exist/],
    [["build", "--bogus"], 2, /^error: build: Unknown option '--bogus'/],
    [["build", "--push", "--load"], 2, /--push cannot be combined/],
    [["build", "--progress", "loud"], 2, /--progress must be one of auto, plain, tty, quiet/],
    [["build", "--workspace", "test/fixtures/workspace", "echo-agent"], 1, /^error: the Docker engine is not reachable: Cannot connect to the Docker daemon.*\n  hint: Run `pnpm images doctor`/],
    [["plan", "--workspace", "test/fixtures/workspace", "no-such-target"], 2, /^error: unknown target "no-such-target"\n  hint: Valid targets: api, echo-agent, notes-agent, python-agent-base; groups: default/],
  ])("%j exits %i with a clear message", async (args, code, message) => {
    const result = await cli(args);
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("--help works on every command", async () => {
    for (const command of ["doctor", "bases", "lint", "plan", "tags", "build", "smoke", "stack", "release"]) {
      const result = await cli([command, "--help"]);
      expect(result.exitCode, `${command}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/^Usage: /);
      expect(result.stdout).toContain("--workspace DIR");
    }
  });

  test("plan needs no engine", async () => {
    const result = await cli(["plan", "--workspace", "test/fixtures/workspace", "--json", "notes-agent"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { schemaVersion: number; targets: { name: string; requested: boolean }[] };
    expect(plan.targets.map((t) => [t.name, t.requested])).toEqual([["python-agent-base", false], ["notes-agent", true]]);
  });
});

describe("targets that need an unreachable URL (air-gapped)", () => {
  const workspace = mkdtempSync(join(tmpdir(), "needs-"));
  cpSync("test/fixtures/workspace", workspace, { recursive: true });
  // Port 9 on loopback refuses at once: a URL that does not answer, without leaving the machine.
  appendFileSync(join(workspace, "images.config.yaml"), "needs:\n  notes-agent: [http://127.0.0.1:9/]\n");

  test("naming one is an error before anything is built", async () => {
    const result = await cli(["build", "--workspace", workspace, "--dry-run", "notes-agent"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot build notes-agent on this machine: needs http:\/\/127\.0\.0\.1:9\/, which does not answer/);
  });

  test("a group skips it and says why", async () => {
    const result = await cli(["plan", "--workspace", workspace, "--json", "agents"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { targets: { name: string }[]; skipped: Record<string, string> };
    expect(plan.targets.map((t) => t.name)).toEqual(["python-agent-base", "echo-agent"]);
    expect(plan.skipped["notes-agent"]).toMatch(/does not answer/);
  });
});

test("parseCommandArgs keeps positionals and repeated options", () => {
  expect(parseCommandArgs(buildCommand, ["a", "--push", "b", "--platform", "linux/arm64"])).toEqual({
    values: expect.objectContaining({ push: true, platform: "linux/arm64", progress: "auto" }),
    positionals: ["a", "b"],
  });
});
