// The CLI's contract with a user: bad input gives one clear line and a non-zero exit, never a stack trace.
// runCli runs in-process; docker and git are a scripted fake behind the Exec door, answering with
// output captured from the real tools (test/fixtures/bake; the CLI tier checks it has not drifted).
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { buildCommand } from "../../../scripts/bake/build-command.ts";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import { parseCommandArgs } from "../../../scripts/cli/parse.ts";
import { runCli } from "../../../scripts/cli.ts";
import { commands } from "../../../scripts/cli/registry.ts";
import { fakeEngine, type Answer, type FakeEngine } from "../smoke/fake-engine.ts";

const repo = resolve(import.meta.dirname, "../../..");
const bakeFixture = (name: string): string => readFileSync(join(repo, "test/fixtures/bake", name), "utf8");
const notARepository = { exitCode: 128, stderr: "fatal: not a git repository (or any of the parent directories): .git\n" };

/** docker and git as they answer on a machine without an engine. */
const offlineMachine = (): [string, Answer][] => [
  ["docker buildx bake -f bake.hcl --print default agents", { stdout: bakeFixture("fixture-workspace.agents.print.json") }],
  ["--print default no-such-target", { exitCode: 1, stderr: bakeFixture("fixture-workspace.unknown-target.stderr") }],
  ["docker buildx bake -f bake.hcl --print", { stdout: bakeFixture("fixture-workspace.print.json") }],
  ["docker version", { exitCode: 1, stderr: "Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?\n" }],
  ["git ", notARepository],
];

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  engine: FakeEngine;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const engine = fakeEngine(offlineMachine());
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = {
    workspace: repo,
    // Mirrors off: `plan` would otherwise ask the registry on 127.0.0.1:5000 whether it answers.
    env: { PATH: "/nonexistent", IMAGES_MIRROR_MODE: "off", ...env },
    now: () => new Date("2026-01-02T03:04:05Z"),
    exec: engine.exec,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    isTTY: false,
    signal: new AbortController().signal,
  };
  const exitCode = await runCli(argv, ctx);
  return { exitCode, stdout: out.join("\n"), stderr: err.join("\n"), engine };
}

const fixtureWorkspace = join(repo, "test/fixtures/workspace");

describe("pnpm images", () => {
  test.each([
    [["frobnicate"], 2, /^error: unknown command "frobnicate"\n {2}hint: Valid commands: doctor, bases, lint/],
    [["plan", "--workspace", "/nonexistent/dir"], 2, /^error: workspace "\/nonexistent\/dir" does not exist/],
    [["build", "--bogus"], 2, /^error: build: Unknown option '--bogus'/],
    [["build", "--push", "--load"], 2, /--push cannot be combined/],
    [["build", "--progress", "loud"], 2, /--progress must be one of auto, plain, tty, quiet/],
    [["build", "--workspace", fixtureWorkspace, "--no-setup", "echo-agent"], 1, /^error: no Docker engine answers \(Cannot .*\); set-up is off.*\n {2}hint: Run `pnpm images doctor --fix`/],
    [["plan", "--workspace", fixtureWorkspace, "no-such-target"], 2, new RegExp(String.raw`^error: unknown target "no-such-target"\n {2}hint: ` + "Valid targets: api, echo-agent, notes-agent, python-agent-base; groups: default")],
  ])("%j exits %i with a clear message", async (args, code, message) => {
    const result = await cli(args);
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("no command prints the commands and exits 2; --help exits 0", async () => {
    const bare = await cli([]);
    expect([bare.exitCode, bare.stdout]).toEqual([2, expect.stringMatching(/^Usage: pnpm images <command>/)]);
    expect((await cli(["--help"])).exitCode).toBe(0);
  });

  test.each(Object.keys(commands))("%s --help runs nothing and shows the command's one summary", async (command) => {
    const result = await cli([command, "--help"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: /);
    expect(result.stdout.split("\n")[2]).toBe(commands[command]?.summary);
    expect(result.stdout).toContain("--workspace DIR");
    expect(result.engine.calls).toEqual([]);
  });

  test("plan needs no engine: bake --print and git only", async () => {
    const result = await cli(["plan", "--workspace", fixtureWorkspace, "--json", "notes-agent"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { schemaVersion: number; targets: { name: string; requested: boolean }[] };
    expect(plan.targets.map((t) => [t.name, t.requested])).toEqual([["python-agent-base", false], ["notes-agent", true]]);
    expect(result.engine.calls.filter((argv) => argv[0] !== "git")).toEqual([["docker", "buildx", "bake", "-f", "bake.hcl", "--print", "default", "notes-agent"]]);
  });

  test("IMAGES_WORKSPACE names the workspace when --workspace does not", async () => {
    const result = await cli(["plan", "--json"], { IMAGES_WORKSPACE: fixtureWorkspace });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.engine.find("--print")[0]).toEqual(["docker", "buildx", "bake", "-f", "bake.hcl", "--print"]);
  });

  test("a bad environment override is one line naming the valid values, before anything runs", async () => {
    const result = await cli(["plan", "--workspace", fixtureWorkspace], { IMAGES_CACHE_MODE: "bogus" });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: invalid environment override: IMAGES_CACHE_MODE must be one of: /);
    expect(result.stderr).toContain('must be one of: local, registry, gha, inline, none (got "bogus")\n  hint: ');
    expect(result.engine.calls).toEqual([]);
  });

  test("IMAGES_DEBUG adds the stack trace under the message", async () => {
    const result = await cli(["plan", "--workspace", "/nonexistent/dir"], { IMAGES_DEBUG: "1" });
    expect(result.stderr).toMatch(/^error: workspace .*\n[\s\S]*\n\s+at /);
  });
});

describe("targets that need an unreachable URL (air-gapped)", () => {
  const workspace = mkdtempSync(join(tmpdir(), "needs-"));
  cpSync(fixtureWorkspace, workspace, { recursive: true });
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
