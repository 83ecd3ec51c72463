// The CLI's contract with a user: bad input gives one clear line and a non-zero exit, never a stack trace.
// runCli runs in-process; docker and git are a scripted fake behind the Exec door, answering with
// output captured from the real tools (test/fixtures/bake; the CLI tier checks it has not drifted).
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
const notARepository = {
  exitCode: 128,
  stderr: "fatal: not a git repository (or any of the parent directories): .git\n",
};

/** docker and git as they answer on a machine without an engine. */
const offlineMachine = (): [string, Answer][] => [
  [
    "docker buildx bake -f bake.hcl --print default agents",
    { stdout: bakeFixture("fixture-workspace.agents.print.json") },
  ],
  ["--print default no-such-target", { exitCode: 1, stderr: bakeFixture("fixture-workspace.unknown-target.stderr") }],
  ["docker buildx bake -f bake.hcl --print", { stdout: bakeFixture("fixture-workspace.print.json") }],
  [
    "docker version",
    {
      exitCode: 1,
      stderr: "Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?\n",
    },
  ],
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
    [
      ["build", "--workspace", fixtureWorkspace, "--no-setup", "echo-agent"],
      1,
      /^error: no Docker engine answers \(Cannot .*\); set-up is off.*\n {2}hint: Run `pnpm images doctor --fix`/,
    ],
    [
      ["plan", "--workspace", fixtureWorkspace, "no-such-target"],
      2,
      new RegExp(
        String.raw`^error: unknown target "no-such-target"\n {2}hint: ` +
          "Valid targets: api, echo-agent, notes-agent, python-agent-base; groups: default",
      ),
    ],
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
    const plan = JSON.parse(result.stdout) as {
      schemaVersion: number;
      targets: { name: string; requested: boolean }[];
    };
    expect(plan.targets.map((t) => [t.name, t.requested])).toEqual([
      ["python-agent-base", false],
      ["notes-agent", true],
    ]);
    expect(result.engine.calls.filter((argv) => argv[0] !== "git")).toEqual([
      ["docker", "buildx", "bake", "-f", "bake.hcl", "--print", "default", "notes-agent"],
    ]);
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
    expect(result.stderr).toMatch(
      /^error: cannot build notes-agent on this machine: needs http:\/\/127\.0\.0\.1:9\/, which does not answer/,
    );
  });

  test("a group skips it and says why", async () => {
    const result = await cli(["plan", "--workspace", workspace, "--json", "agents"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { targets: { name: string }[]; skipped: Record<string, string> };
    expect(plan.targets.map((t) => t.name)).toEqual(["python-agent-base", "echo-agent"]);
    expect(plan.skipped["notes-agent"]).toMatch(/does not answer/);
  });
});

describe("a release split across runners", () => {
  const tag = {
    GITHUB_REF: "refs/tags/v1.2.3",
    GITHUB_SHA: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
    GITHUB_EVENT_NAME: "push",
    SOURCE_DATE_EPOCH: "1700000000",
  };
  const release = (args: string[]) =>
    cli(["release", "--workspace", fixtureWorkspace, "--registry", "127.0.0.1:5000/rehearsal", ...args], tag);

  test("plan --matrix prints the matrix on stdout and the shards on stderr, from bake --print alone", async () => {
    const result = await cli(["plan", "--matrix", "--workspace", fixtureWorkspace, "--platform", "linux/amd64"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      include: [
        {
          shard: "python-agent-base+echo-agent.linux-amd64",
          targets: "python-agent-base echo-agent",
          platform: "linux/amd64",
          runner: "ubuntu-24.04",
          weight: 2,
        },
        {
          shard: "notes-agent.linux-amd64",
          targets: "notes-agent",
          platform: "linux/amd64",
          runner: "ubuntu-24.04",
          weight: 2,
        },
        { shard: "api.linux-amd64", targets: "api", platform: "linux/amd64", runner: "ubuntu-24.04", weight: 1 },
      ],
    });
    expect(result.stderr).toMatch(
      /^3 shards:\n {2}python-agent-base\+echo-agent\.linux-amd64 {2}on ubuntu-24\.04, weight 2\n/,
    );
    expect(result.engine.calls).toEqual([["docker", "buildx", "bake", "-f", "bake.hcl", "--print"]]);
  });

  test.each([
    [["--shard", "api.linux-amd64"], /^error: --shard needs --results DIR/],
    [["--promote"], /^error: --promote needs --results DIR/],
    [["--results", "/tmp/r"], /^error: --results goes with --shard ID or --promote/],
    [["--shard", "x", "--promote", "--results", "/tmp/r"], /^error: --shard and --promote are separate steps/],
    [["--promote", "--results", "/tmp/r", "--builder", "b"], /^error: --builder has no effect with --promote/],
    [
      ["--shard", "api.linux-s390x", "--results", "/tmp/r"],
      /^error: "api\.linux-s390x" is not a shard of this release\n {2}hint: The plan has: python-agent-base\+echo-agent\.linux-amd64, /,
    ],
    [["--promote", "--results", "/nonexistent/results"], /^error: --results \/nonexistent\/results is not a folder/],
  ])("release %j exits 2 before anything is built", async (args, message) => {
    const result = await release(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.engine.calls.filter((argv) => argv.includes("build") || argv.includes("push"))).toEqual([]);
  });

  test("--promote with shards missing names each of them, exits 1, and asks the registry nothing", async () => {
    const results = mkdtempSync(join(tmpdir(), "results-"));
    const result = await release(["--promote", "--results", results, "--platform", "linux/amd64"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "error: release 1.2.3 stopped before promoting anything: the shards did not all succeed (3 planned):",
    );
    expect(result.stderr).toContain(
      "  notes-agent.linux-amd64 did not report (no result: it was cancelled, killed or never ran)",
    );
    expect(result.stderr).toContain("  nothing was promoted and no tag was moved");
    expect(result.engine.calls.filter((argv) => argv[0] === "docker")).toEqual([
      ["docker", "buildx", "bake", "-f", "bake.hcl", "--print"],
      ["docker", "buildx", "bake", "-f", "bake.hcl", "--print"],
    ]);
  });

  test(
    "--promote reads results from download-artifact's folders and names " + "only the shards that did not succeed",
    async () => {
      const results = mkdtempSync(join(tmpdir(), "results-"));
      const result = (shard: string, status: "passed" | "failed", images: object[] = []) => {
        mkdirSync(join(results, `shard-${shard}`));
        const body = {
          schemaVersion: 1,
          shard,
          status,
          version: "1.2.3",
          commit: tag.GITHUB_SHA,
          registry: "127.0.0.1:5000/rehearsal",
          platform: "linux/amd64",
          push: "tags",
          images,
          ...(status === "failed" ? { error: "smoke specs failed for api" } : {}),
        };
        writeFileSync(join(results, `shard-${shard}`, `${shard}.json`), JSON.stringify(body));
      };
      const image = (target: string) => ({
        target,
        staged: `rehearsal/release-staging/linux-amd64/${target}`,
        digest: `sha256:${"a".repeat(64)}`,
        tags: ["1.2.3"],
        smoke: "passed",
        cachedSteps: 1,
        totalSteps: 2,
      });
      result("python-agent-base+echo-agent.linux-amd64", "passed", [image("python-agent-base"), image("echo-agent")]);
      result("api.linux-amd64", "failed");
      const promoted = await release(["--promote", "--results", results, "--platform", "linux/amd64"]);
      expect(promoted.exitCode).toBe(1);
      const listed = promoted.stderr.split("\n").filter((line) => /^ {2}\S+\.linux-amd64 /.test(line));
      expect(listed).toEqual([
        "  notes-agent.linux-amd64 did not report (no result: it was cancelled, killed or never ran)",
        "  api.linux-amd64 failed: smoke specs failed for api",
      ]);
    },
  );

  test("--shard --dry-run prints that shard's plan: its images, its platform", async () => {
    const result = await release(["--shard", "notes-agent.linux-amd64", "--results", "/tmp/unused", "--dry-run"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^release 1\.2\.3 → 127\.0\.0\.1:5000\/rehearsal\nplatforms linux\/amd64 /);
    expect(result.stdout).toContain("  notes-agent  127.0.0.1:5000/rehearsal/notes-agent");
    expect(result.stdout).not.toContain("echo-agent");
  });
});

test("parseCommandArgs keeps positionals and repeated options", () => {
  expect(parseCommandArgs(buildCommand, ["a", "--push", "b", "--platform", "linux/arm64"])).toEqual({
    values: expect.objectContaining({ push: true, platform: "linux/arm64", progress: "auto" }),
    positionals: ["a", "b"],
  });
});
