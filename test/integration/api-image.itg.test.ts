// Builds the api-debian image for real with `pnpm build:images api-debian` (base images from the
// local mirror, the host CA as build secret, the API smoke spec) and checks the runtime contract inside a container:
// apiuser under tini, /health, /status, headless Chromium rendering, a clean SIGTERM exit.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec, type ExecResult } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import type { BuildReport } from "../../scripts/report/build-report.ts";
import { runCli, uniqueName } from "./workspace-copy.ts";

const name = uniqueName("images-itg-api");
let image = "";
const label = "images.test=api-image";
let baseUrl = "";

const docker = (...args: string[]): Promise<ExecResult> => exec(["docker", ...args]);
const inContainer = async (...argv: string[]): Promise<string> => (await docker("exec", name, ...argv)).stdout.trim();

async function getJson(path: string, timeoutMs = 60_000): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.json() };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  // The real pipeline: lint gate, bake with mirror contexts and the host CA secret, the API smoke spec.
  const build = await runCli([
    "build",
    "api-debian",
    "--json",
    "--progress",
    "quiet",
    "--registry",
    `${registryHost}/${name}`,
  ]);
  expect(build.exitCode, build.stderr).toBe(0);
  expect(build.stderr).toMatch(/headless Chromium renders a page/);
  const report = JSON.parse(build.stdout) as BuildReport;
  image =
    report.targets
      .find((t) => t.target === "api-debian")
      ?.tags.find((tag) => tag.startsWith(`${registryHost}/${name}/`)) ?? "";
  expect(image).not.toBe("");
  await docker("run", "-d", "--name", name, "--label", label, "--shm-size", "256m", "-p", "127.0.0.1::3000", image);
  const port = (await docker("port", name, "3000/tcp")).stdout.trim().split("\n")[0];
  baseUrl = `http://${port}`;
  // Short probes: docker-proxy accepts connections before the app listens, and such a
  // connection can hang; a fresh attempt after the app is up succeeds.
  await until(
    "GET /health",
    async () => ((await getJson("/health", 2_000)).status === 200 ? true : undefined),
    60,
  ).catch(async (error: unknown) => {
    const logs = await exec(["docker", "logs", "--tail", "40", name], { check: false });
    throw new Error(`${String(error)} at ${baseUrl}; container logs:\n${logs.stdout}${logs.stderr}`);
  });
});

afterAll(async () => {
  await exec(["docker", "rm", "-f", "-v", name], { check: false });
  await exec(["docker", "image", "rm", image], { check: false });
});

describe("api-debian image", () => {
  test("runs as apiuser (10001:10001) under tini as PID 1", async () => {
    expect(await inContainer("id", "-un")).toBe("apiuser");
    expect(await inContainer("id", "-u")).toBe("10001");
    expect(await inContainer("id", "-g")).toBe("10001");
    expect(await inContainer("sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline")).toBe("/sbin/tini -- node dist/server.js");
  });

  test("owns its storage folders", async () => {
    const dirs = [
      "/app/.roo-storage/puppeteer",
      "/app/.roo-cli",
      "/app/config",
      "/app/workspace",
      "/app/logs",
      "/app/tmp",
    ];
    const owners = await inContainer("stat", "-c", "%u:%g", ...dirs);
    expect(owners.split("\n")).toEqual(dirs.map(() => "10001:10001"));
  });

  test("carries the OCI labels and the node HEALTHCHECK", async () => {
    const config = JSON.parse((await docker("image", "inspect", "--format", "{{json .Config}}", image)).stdout) as {
      Labels: Record<string, string>;
      Healthcheck?: { Test: string[] };
      User: string;
      WorkingDir: string;
    };
    expect(config.Labels).toMatchObject({
      "org.opencontainers.image.title": "api-debian",
      "org.opencontainers.image.version": expect.stringMatching(/\S/),
    });
    expect(config.Labels["org.opencontainers.image.revision"]).toMatch(/^[0-9a-f]{40}$/);
    expect(config.Healthcheck?.Test).toEqual(["CMD", "node", "dist/healthcheck.js"]);
    expect([config.User, config.WorkingDir]).toEqual(["apiuser", "/app"]);
  });

  test("answers /health and reports tool versions found at run time on /status", async () => {
    expect(await getJson("/health")).toEqual({ status: 200, body: { status: "ok" } });
    const status = await getJson("/status");
    expect(status).toMatchObject({ status: 200, body: { status: "ok" } });
    const versions = (status.body as { versions: Record<string, string> }).versions;
    expect(Object.keys(versions).sort()).toEqual(["chromium", "git", "python3", "rg"]);
    for (const version of Object.values(versions)) expect(version).toMatch(/^\d+\.\d+/);
  });

  test("renders a page in headless Chromium", async () => {
    const html = "<html><head><title>Rendered by the itg test</title></head><body><h1>hello</h1></body></html>";
    const rendered = await getJson(`/render?html=${encodeURIComponent(html)}`);
    expect(rendered.status).toBe(200);
    expect(rendered.body).toMatchObject({ title: "Rendered by the itg test" });
    expect((rendered.body as { pngBytes: number }).pngBytes).toBeGreaterThan(0);
  });

  test("becomes healthy, then exits 0 on SIGTERM within a few seconds", async () => {
    const health = (): Promise<string> =>
      docker("inspect", "--format", "{{.State.Health.Status}}", name).then((r) => r.stdout.trim());
    await until("a healthy HEALTHCHECK", async () => ((await health()) === "healthy" ? true : undefined), 90);
    const started = Date.now();
    await docker("stop", "--time", "10", name);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect((await docker("inspect", "--format", "{{.State.ExitCode}}", name)).stdout.trim()).toBe("0");
  });
});
