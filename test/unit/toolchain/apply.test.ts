import { describe, expect, test } from "vitest";
import { CommandError } from "../../../scripts/errors/errors.ts";
import type { Exec, ExecResult } from "../../../scripts/process/exec.ts";
import { applyFixes, type ApplyWorld } from "../../../scripts/toolchain/apply.ts";
import type { FixEnvironment, FixStep } from "../../../scripts/toolchain/types.ts";

const env: FixEnvironment = { cacheDir: "/ws/.cache", privilege: [], registryAddress: "127.0.0.1:5000" };

function fakeWorld(answers: { engineUpAfter?: number; failArgv0?: string } = {}) {
  const calls: string[] = [];
  const files = new Map<string, string>([["/usr/lib/binfmt.d/qemu-aarch64.conf", ":qemu-aarch64:M::...\n"]]);
  const lines: string[] = [];
  let clock = 0;
  let polls = 0;
  const exec: Exec = async (argv, options) => {
    const input = await options?.input;
    calls.push(argv.join(" ") + (input ? ` <<< ${String(input)}` : ""));
    if (argv[0] === answers.failArgv0) throw new CommandError(argv, 1, "mount: permission denied");
    const up = argv[1] === "version" && ++polls > (answers.engineUpAfter ?? 0);
    const result: ExecResult = {
      argv,
      exitCode: argv[1] === "version" && !up ? 1 : 0,
      stdout: up ? "26.1.5\n" : "",
      stderr: "",
    };
    return result;
  };
  const world: ApplyWorld = {
    exec,
    http: async () => ({ status: 200, headers: {} }),
    readText: (path) => files.get(path),
    writeFile: (path, content) => void files.set(path, content),
    mkdir: (path) => void calls.push(`mkdir ${path}`),
    sleep: async (ms) => void (clock += ms),
    now: () => clock,
    report: (line) => lines.push(line),
  };
  return { world, calls, files, lines };
}

const start: FixStep = {
  kind: "run",
  part: "docker engine",
  why: "started dockerd",
  argv: ["start-stop-daemon", "--start"],
};
const wait: FixStep = {
  kind: "wait",
  part: "docker engine",
  why: "waited until the engine answers",
  until: "engine",
  timeoutMs: 5_000,
};

describe("applyFixes", () => {
  test("runs steps in order, reports each, polls until the engine answers", async () => {
    const { world, calls, lines } = fakeWorld({ engineUpAfter: 2 });
    const outcomes = await applyFixes([start, wait], env, world);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(calls.filter((c) => c.startsWith("docker version"))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith("did"))).toEqual([
      "did  docker engine     started dockerd",
      "did  docker engine     waited until the engine answers",
    ]);
  });

  test("gives up after the timeout with an EngineError", async () => {
    const { world } = fakeWorld({ engineUpAfter: 1_000 });
    await expect(applyFixes([wait], env, world)).rejects.toThrow(/gave up waiting after 5 s/);
  });

  test("privileged writes go through sudo tee when not root; copy-file reads the source", async () => {
    const { world, calls } = fakeWorld();
    const step: FixStep = {
      kind: "copy-file",
      part: "qemu arm64",
      why: "registered",
      from: "/usr/lib/binfmt.d/qemu-aarch64.conf",
      to: "/proc/sys/fs/binfmt_misc/register",
      privileged: true,
    };
    await applyFixes([step], { ...env, privilege: ["sudo", "-n"] }, world);
    expect(calls).toEqual([
      "sudo -n mkdir -p /proc/sys/fs/binfmt_misc",
      "sudo -n tee /proc/sys/fs/binfmt_misc/register <<< :qemu-aarch64:M::...\n",
    ]);
  });

  test("root writes files directly", async () => {
    const { world, files } = fakeWorld();
    await applyFixes(
      [
        {
          kind: "write-file",
          part: "registry",
          why: "wrote config",
          path: "/ws/.cache/registry/config.yml",
          content: "version: 0.1\n",
          privileged: false,
        },
      ],
      env,
      world,
    );
    expect(files.get("/ws/.cache/registry/config.yml")).toBe("version: 0.1\n");
  });

  test("an optional part that fails warns and skips its remaining steps", async () => {
    const { world, lines } = fakeWorld({ failArgv0: "mount" });
    const steps: FixStep[] = [
      { kind: "run", part: "qemu arm64", why: "mounted binfmt_misc", argv: ["mount", "-t", "binfmt_misc"] },
      { kind: "copy-file", part: "qemu arm64", why: "registered", from: "/nope", to: "/proc/x", privileged: true },
      start,
    ];
    const outcomes = await applyFixes(steps, env, world);
    expect(outcomes.map((o) => [o.step.part, o.ok])).toEqual([
      ["qemu arm64", false],
      ["docker engine", true],
    ]);
    expect(lines).toContain(
      'warn qemu arm64        could not finish "mounted binfmt_misc": `mount -t binfmt_misc` exited with 1:',
    );
  });

  test("a required part that fails stops everything", async () => {
    const { world } = fakeWorld({ failArgv0: "start-stop-daemon" });
    await expect(applyFixes([start, wait], env, world)).rejects.toThrow(CommandError);
  });
});
