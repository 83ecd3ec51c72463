import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, EngineError } from "../../../scripts/errors/errors.ts";
import { mapLimit, runSmoke } from "../../../scripts/smoke/runner.ts";
import { fakeEngine, type Answer } from "./fake-engine.ts";
import { fixture, fixtures, repoRoot } from "./fixtures.ts";

const echoSpec = join(repoRoot, "test/fixtures/workspace/agents/echo/smoke.yaml");
const echo = { target: "echo-agent", image: "fixture/echo-agent:dev", specFile: echoSpec };
const tar = (file: string): string => fixture("docker", file);
const noWait = { sleep: async () => undefined, now: () => 0 };

function healthyEngine(extra: [string, Answer][] = []): ReturnType<typeof fakeEngine> {
  let stopped = false;
  return fakeEngine([
    ...extra,
    ["docker version", { stdout: "26.1.5\n" }],
    ["docker image inspect", { stdout: fixture("docker", "echo-agent.config.json") }],
    ["--entrypoint python3", { stdout: "ok\n" }],
    ["docker cp", { stdout: tar("entrypoint.tar") }],
    ["docker port", { stdout: "127.0.0.1:49153\n" }],
    ["docker stop", () => ((stopped = true), {})],
    [
      "{{json .State}}",
      () => ({ stdout: stopped ? fixture("docker", "state-exited.json") : fixture("docker", "state-healthy.json") }),
    ],
    ["docker ps --all --quiet --filter label=images.smoke=", {}],
    ["docker rm --force --volumes", {}],
    ["docker create --name", { stdout: "c0ffee\n" }],
    ["docker run --detach --name", { stdout: "c0ffee\n" }],
  ]);
}

const http = async (url: string) => {
  if (url.endsWith("/health/echo")) return { status: 200, body: '{"status":"ok","agent":"echo"}' };
  if (url.endsWith("/echo?msg=hello")) return { status: 200, body: '{"echo":"hello"}' };
  return { status: 404, body: '{"error":"not found"}' };
};

/** `docker run … sleep infinity` never returns by itself: only `docker rm --force <name>` ends it. */
function hangingEngine(onStart: () => void = () => undefined): ReturnType<typeof fakeEngine> {
  const running = new Map<string, () => void>();
  return fakeEngine([
    ["docker version", { stdout: "26.1.5\n" }],
    ["docker image inspect", { stdout: fixture("docker", "echo-agent.config.json") }],
    ["docker rm --force", (argv) => (argv.slice(4).forEach((name) => running.get(name)?.()), {})],
    // The final sweep for containers of this run finds none left.
    ["docker ps --all --quiet --filter", { stdout: "" }],
    [
      "--entrypoint sleep",
      (argv) =>
        new Promise((resolve) => {
          running.set(argv[argv.indexOf("--name") + 1] ?? "", () => resolve({ exitCode: 137 }));
          onStart();
        }),
    ],
  ]);
}

const hang = {
  target: "echo-agent",
  image: "fixture/echo-agent:dev",
  specFile: join(repoRoot, "test/fixtures/smoke/hang/smoke.yaml"),
};

describe("runSmoke stops what it started", () => {
  it("removes a command test's container by name when the test outlives its timeout, and fails it", async () => {
    const engine = hangingEngine();
    const report = await runSmoke({
      items: [hang],
      exec: engine.exec,
      parallel: 1,
      runId: "t9",
      commandTimeoutMs: 1,
      ...noWait,
    });
    expect(report.results[0]?.tests[0]?.message).toMatch(
      /^`sleep infinity` was still running after 0s: its container was stopped and removed$/,
    );
    expect(engine.find("docker rm --force").map((argv) => argv[4])).toContain("images-smoke-t9-echo-agent-1");
  });

  it("on abort removes the running container by name at once (not only its client) and rejects", async () => {
    const controller = new AbortController();
    const engine = hangingEngine(() => controller.abort(new Error("interrupted")));
    await expect(
      runSmoke({ items: [hang], exec: engine.exec, parallel: 1, runId: "t10", signal: controller.signal, ...noWait }),
    ).rejects.toThrow(/interrupted/);
    expect(engine.find("docker rm --force").map((argv) => argv[4])).toContain("images-smoke-t10-echo-agent-1");
    expect(engine.calls.at(-1)).toEqual(["docker", "ps", "--all", "--quiet", "--filter", "label=images.smoke=t10"]);
  });
});

describe("runSmoke", () => {
  it("runs every kind of test of a real spec and passes", async () => {
    const engine = healthyEngine();
    const report = await runSmoke({ items: [echo], exec: engine.exec, parallel: 2, runId: "t1", http, ...noWait });
    expect(report.results[0]?.tests.map((test) => [test.name, test.passed])).toEqual([
      ["Command Test: agent module compiles", true],
      ["File Existence Test: agent program", true],
      ["Metadata Test", true],
      ["Service Test: echo service › healthy", true],
      ["Service Test: echo service › health", true],
      ["Service Test: echo service › echo", true],
      ["Service Test: echo service › unknown path is 404", true],
      ["Service Test: echo service › SIGTERM exits 0 within 10s", true],
    ]);
    expect(report.passed).toBe(true);
  });

  it("removes every container it named, then sweeps the run's label", async () => {
    const engine = healthyEngine();
    await runSmoke({ items: [echo], exec: engine.exec, parallel: 1, runId: "t2", http, ...noWait });
    const named = engine.calls.flatMap((argv) => (argv.includes("--name") ? [argv[argv.indexOf("--name") + 1]] : []));
    const removed = engine.find("docker rm --force").flatMap((argv) => argv.slice(4));
    expect(named.length).toBe(3);
    expect(removed).toEqual(expect.arrayContaining(named));
    expect(engine.calls.at(-1)).toEqual(["docker", "ps", "--all", "--quiet", "--filter", "label=images.smoke=t2"]);
  });

  it("rejects a bad spec before touching the engine", async () => {
    const engine = healthyEngine();
    const bad = { ...echo, specFile: join(fixtures, "bad", "unknown-key.yaml") };
    await expect(runSmoke({ items: [echo, bad], exec: engine.exec, parallel: 1 })).rejects.toThrow(ConfigError);
    expect(engine.calls).toEqual([]);
  });

  it("says the engine is down, and starts nothing", async () => {
    const engine = fakeEngine([
      [
        "docker version",
        {
          exitCode: 1,
          stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n",
        },
      ],
    ]);
    await expect(runSmoke({ items: [echo], exec: engine.exec, parallel: 1 })).rejects.toThrow(EngineError);
    expect(engine.find("docker run")).toEqual([]);
  });

  it("fails an image that was never built, with what to do next", async () => {
    const engine = healthyEngine([
      [
        "docker image inspect",
        { exitCode: 1, stderr: "Error response from daemon: No such image: fixture/echo-agent:dev\n" },
      ],
    ]);
    const report = await runSmoke({ items: [echo], exec: engine.exec, parallel: 1, ...noWait });
    expect(report.passed).toBe(false);
    expect(report.results[0]?.tests[0]?.message).toMatch(/not available locally[\s\S]*pnpm build:images echo-agent/);
  });

  it("appends the container log to the first failing service step", async () => {
    const engine = healthyEngine([
      ["{{json .State}}", { stdout: fixture("docker", "state-crashed.json") }],
      ["docker logs", { stderr: "Traceback: boom\n" }],
    ]);
    const report = await runSmoke({ items: [echo], exec: engine.exec, parallel: 1, http, ...noWait });
    const healthy = report.results[0]?.tests.find((test) => test.name.endsWith("› healthy"));
    expect(healthy?.message).toBe(
      "the container exited with code 1 before it became healthy\n " +
        " container log (last 20 lines):\n    | Traceback: boom",
    );
  });

  it("cleans up and rethrows when aborted mid-run", async () => {
    const controller = new AbortController();
    const engine = healthyEngine([
      ["--entrypoint python3", () => (controller.abort(new Error("interrupted")), { exitCode: 143 })],
    ]);
    await expect(
      runSmoke({ items: [echo], exec: engine.exec, parallel: 1, runId: "t3", signal: controller.signal, ...noWait }),
    ).rejects.toThrow("interrupted");
    expect(engine.find("docker rm --force").flat()).toContain("images-smoke-t3-echo-agent-1");
    expect(engine.find("label=images.smoke=t3")).toHaveLength(1);
  });
});

describe("mapLimit", () => {
  it("never runs more than the bound at once and keeps order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return n * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });
});
