import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import type { BuildReport } from "../../scripts/report/build-report.ts";
import { registryHost } from "./engine.ts";
import { isTagPut, registryProxy } from "./registry-proxy.ts";
import { startScratchRegistry } from "./scratch-registry.ts";
import { copyWorkspace, runCli, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

let workspace: WorkspaceCopy;
const namespace = uniqueName("itg-build");
const registry = `${registryHost}/${namespace}`;

async function build(args: string[], env: NodeJS.ProcessEnv = {}): Promise<BuildReport> {
  const result = await runCli(
    [
      "build",
      "--workspace",
      workspace.dir,
      "--json",
      "--no-smoke",
      "--no-lint",
      "--progress",
      "quiet",
      "--registry",
      registry,
      ...args,
    ],
    env,
  );
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as BuildReport;
}

const byTarget = (report: BuildReport): Record<string, BuildReport["targets"][number]> =>
  Object.fromEntries(report.targets.map((t) => [t.target, t]));

beforeAll(async () => {
  workspace = await copyWorkspace();
});

afterAll(() => workspace.remove());

describe("building the fixture workspace with the real engine", () => {
  test("bake builds base then both agents, pushes with registry cache, and a second build is all cached", async () => {
    const env = { IMAGES_CACHE_MODE: "registry" };
    const first = await build(["--push", "default"], env);
    const order = first.targets.map((t) => t.target);
    expect([...order].sort()).toEqual(["api", "echo-agent", "notes-agent", "python-agent-base"]);
    expect(order.indexOf("python-agent-base")).toBeLessThan(
      Math.min(order.indexOf("echo-agent"), order.indexOf("notes-agent")),
    );
    expect(first.targets.every((t) => t.pushed && t.digest?.startsWith("sha256:"))).toBe(true);
    const tags = (await (
      await fetch(`http://${registry.split("/")[0]}/v2/${namespace}/echo-agent/tags/list`)
    ).json()) as { tags: string[] };
    expect(tags.tags).toEqual(expect.arrayContaining(["main", expect.stringMatching(/^sha-[0-9a-f]{7}$/)]));
    const cacheTags = (await (await fetch(`http://${registryHost}/v2/${namespace}/cache/tags/list`)).json()) as {
      tags: string[];
    };
    expect(cacheTags.tags).toEqual(expect.arrayContaining(["echo-agent-main", "python-agent-base-main"]));

    const second = await build(["--push", "default"], env);
    const steps = second.targets.reduce(
      (sum, t) => ({ cached: sum.cached + t.cachedSteps, total: sum.total + t.totalSteps }),
      { cached: 0, total: 0 },
    );
    expect(steps.total).toBeGreaterThan(0);
    expect(steps.cached).toBe(steps.total);

    // Affected-only against the registry: every pushed image already carries its input hash.
    const changed = await build(["--push", "--changed", "default"], env);
    expect(changed.targets.map((t) => t.status)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    expect(byTarget(changed)["echo-agent"]?.reason).toMatch(
      new RegExp(`unchanged: ${registry}/echo-agent:main already has input hash`),
    );
  });

  test(
    "a registry that refuses the first push (500) gets it on the " + "retry, even with cache warnings in the log",
    async () => {
      // Refuse every tag PUT until the build says it retries: BuildKit's own retries inside one
      // push fail too, so only our retry of the whole push can get it through.
      let refusing = true;
      const proxy = await registryProxy((incoming) => (refusing && isTagPut(incoming) ? "fail" : "pass"));
      const namespace = uniqueName("itg-build-retry");
      try {
        const args = [
          "build",
          "--workspace",
          workspace.dir,
          "--no-smoke",
          "--no-lint",
          "--progress",
          "quiet",
          "--registry",
          `${proxy.host}/${namespace}`,
          "--push",
          "echo-agent",
        ];
        const result = await runCli(args, { IMAGES_CACHE_MODE: "registry" }, (chunk) => {
          if (chunk.includes("retrying in")) refusing = false;
        });
        expect(result.exitCode, result.stderr).toBe(0);
        expect(proxy.count("fail")).toBeGreaterThan(0);
        expect(result.stderr).toMatch(/push failed on the registry's side; retrying in 1s \(2 of 3\)/);
        const tags = (await (await fetch(`http://${registryHost}/v2/${namespace}/echo-agent/tags/list`)).json()) as {
          tags: string[];
        };
        expect(tags.tags).toContain("main");
      } finally {
        proxy.close();
      }
    },
  );

  test(
    "one agent builds the base and that agent only, with the " + "computed tags and OCI labels on the image",
    async () => {
      const report = await build(["echo-agent"]);
      expect(report.targets.map((t) => [t.target, t.status])).toEqual([
        ["python-agent-base", "built"],
        ["echo-agent", "built"],
      ]);
      expect(byTarget(report)["python-agent-base"]?.reason).toMatch(/dependency/);
      const sha = (await exec(["git", "rev-parse", "HEAD"], { cwd: workspace.dir })).stdout.trim();
      const inspect = await exec([
        "docker",
        "image",
        "inspect",
        "--format",
        "{{json .Config.Labels}}",
        `${registry}/echo-agent:sha-${sha.slice(0, 7)}`,
      ]);
      const labels = JSON.parse(inspect.stdout) as Record<string, string>;
      expect(labels["org.opencontainers.image.revision"]).toBe(sha);
      expect(labels["org.opencontainers.image.version"]).toBe("main");
      expect(labels["org.opencontainers.image.created"]).toMatch(/^\d{4}-\d\d-\d\dT/);
    },
  );

  test("a built agent answers its health probe under docker run", async () => {
    const name = uniqueName("itg-echo");
    await exec(["docker", "run", "-d", "--name", name, "--label", "images.test=build", `${registry}/echo-agent:main`]);
    try {
      const probe =
        "import urllib.request; " +
        "print(urllib.request.urlopen('http://127.0.0.1:8080/health/echo', timeout=2).read().decode())";
      let answer = "";
      for (let attempt = 0; attempt < 20 && !answer.includes("ok"); attempt++) {
        const result = await exec(["docker", "exec", name, "python3", "-c", probe], { check: false });
        answer = result.stdout;
        if (!answer.includes("ok")) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(JSON.parse(answer)).toEqual({ status: "ok", agent: "echo" });
    } finally {
      await exec(["docker", "rm", "-f", name], { check: false });
    }
  });

  test("--changed skips everything unchanged, then rebuilds exactly the edited agent", async () => {
    await build(["agents"]);
    const unchanged = await build(["--changed", "agents"]);
    expect(unchanged.targets.every((t) => t.status === "skipped")).toBe(true);
    expect(unchanged.targets.map((t) => t.target).sort()).toEqual(["echo-agent", "notes-agent"]);

    // A unique edit: BuildKit keeps its own cache across runs, so a repeated edit would be a cache hit.
    appendFileSync(
      join(workspace.dir, "agents/notes/agent.py"),
      `\n# edited by the integration test: ${uniqueName("edit")}\n`,
    );
    const edited = byTarget(await build(["--changed", "agents"]));
    expect(edited["notes-agent"]?.status).toBe("built");
    expect(edited["echo-agent"]?.status).toBe("skipped");
    expect(edited["notes-agent"]?.totalSteps).toBeGreaterThan(edited["notes-agent"]?.cachedSteps ?? 0);
  });

  test("the build runs the smoke specs, and a failing spec fails the build with nothing pushed", async () => {
    const passing = await runCli([
      "build",
      "--workspace",
      workspace.dir,
      "--no-lint",
      "--progress",
      "quiet",
      "--registry",
      registry,
      "echo-agent",
    ]);
    expect(passing.exitCode, passing.stderr).toBe(0);
    expect(passing.stderr).toMatch(/echo service/);

    const failingNamespace = uniqueName("itg-smoke-fail");
    writeFileSync(
      join(workspace.dir, "agents/echo/smoke.yaml"),
      "schemaVersion: 2.0.0\ncommandTests:\n  - name: deliberately " +
        'failing\n    command: python3\n    args: ["-c", ' +
        '"print(1)"]\n    expectedOutput: ["^2$"]\n',
    );
    const failing = await runCli([
      "build",
      "--workspace",
      workspace.dir,
      "--no-lint",
      "--push",
      "--progress",
      "quiet",
      "--registry",
      `${registryHost}/${failingNamespace}`,
      "echo-agent",
    ]);
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toMatch(/deliberately failing/);
    expect(failing.stderr).toMatch(/error: smoke tests failed: nothing was pushed/);
    const tags = await fetch(`http://${registryHost}/v2/${failingNamespace}/echo-agent/tags/list`);
    expect(tags.status).toBe(404);
  });

  test(
    "with QEMU and a two-platform mirror, --platform " +
      "linux/amd64,linux/arm64 pushes one index whose arm64 image " +
      "runs arm64 binaries",
    async () => {
      const namespace = uniqueName("itg-multi");
      const result = await runCli([
        "build",
        "--workspace",
        workspace.dir,
        "--no-lint",
        "--no-smoke",
        "--push",
        "--progress",
        "quiet",
        "--platform",
        "linux/amd64,linux/arm64",
        "--registry",
        `${registryHost}/${namespace}`,
        "api",
      ]);
      expect(result.exitCode, result.stderr).toBe(0);
      const response = await fetch(`http://${registryHost}/v2/${namespace}/api/manifests/main`, {
        headers: {
          accept: "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json",
        },
      });
      const index = (await response.json()) as { manifests?: { platform?: { os: string; architecture: string } }[] };
      const platforms = (index.manifests ?? [])
        .map((m) => `${m.platform?.os}/${m.platform?.architecture}`)
        .filter((p) => !p.includes("unknown"));
      expect(platforms.sort()).toEqual(["linux/amd64", "linux/arm64"]);
      // Under QEMU an arm64 binary reports aarch64; amd64 binaries (a mislabelled image) would say x86_64.
      for (const [platform, machine] of [
        ["linux/arm64", "aarch64"],
        ["linux/amd64", "x86_64"],
      ] as const) {
        const run = await exec([
          "docker",
          "run",
          "--rm",
          "--platform",
          platform,
          "--entrypoint",
          "uname",
          `${registryHost}/${namespace}/api:main`,
          "-m",
        ]);
        expect(run.stdout.trim()).toBe(machine);
      }
    },
  );

  test("a build that fails after another target was loaded puts its tags back on the previous image", async () => {
    // A full disk mid-build is one way to get here; a target that fails later than another one loaded is another.
    const own = await copyWorkspace();
    const ours = `${registryHost}/${uniqueName("itg-restore")}`;
    const tagsOf = async (): Promise<Record<string, string>> => {
      const listed = await exec([
        "docker",
        "image",
        "ls",
        "--no-trunc",
        "--format",
        "{{.Repository}}:{{.Tag}}\t{{.ID}}",
        "--filter",
        `reference=${ours}/*`,
      ]);
      return Object.fromEntries(
        listed.stdout
          .split("\n")
          .filter(Boolean)
          .map((line) => line.split("\t") as [string, string]),
      );
    };
    try {
      const args = [
        "build",
        "--workspace",
        own.dir,
        "--no-lint",
        "--no-smoke",
        "--progress",
        "quiet",
        "--registry",
        ours,
        "api",
        "echo-agent",
      ];
      const first = await runCli(args);
      expect(first.exitCode, first.stderr).toBe(0);
      const before = await tagsOf();
      const apiTags = Object.keys(before).filter((ref) => ref.startsWith(`${ours}/api:`));
      expect(apiTags.length).toBeGreaterThan(0);

      const probe = uniqueName("probe");
      appendFileSync(join(own.dir, "api/Dockerfile"), `LABEL dev.images.test-probe="${probe}"\n`);
      // Long enough for api's load to finish first on a loaded machine, and to be seen.
      appendFileSync(join(own.dir, "agents/echo/Dockerfile"), "RUN sleep 45 && exit 3\n");
      // The premise: bake loaded (and tagged) the new api image before echo-agent failed. It is
      // looked for while the build runs: once the tags go back, the engine may delete it at once.
      const loadedImage = async (): Promise<boolean> => {
        const listed = await exec([
          "docker",
          "image",
          "ls",
          "--quiet",
          "--filter",
          `label=dev.images.test-probe=${probe}`,
        ]);
        return listed.stdout.trim() !== "";
      };
      let seen = false;
      const running = runCli(args);
      let done = false;
      void running.finally(() => (done = true));
      while (!done) {
        seen ||= await loadedImage();
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      const failed = await running;
      expect(failed.exitCode).toBe(1);
      expect(seen, failed.stderr).toBe(true);
      const after = await tagsOf();
      expect(Object.fromEntries(apiTags.map((ref) => [ref, after[ref]]))).toEqual(
        Object.fromEntries(apiTags.map((ref) => [ref, before[ref]])),
      );
    } finally {
      own.remove();
      const refs = Object.keys(await tagsOf());
      if (refs.length) await exec(["docker", "image", "rm", "--force", ...refs], { check: false });
    }
  });

  test("with set-up off, a multi-platform build refuses a one-platform mirror, never mislabels binaries", async () => {
    // A mirror of its own that holds python for amd64 only: the shared one may hold arm64 too.
    // With set-up on, the build would seed the arm64 stand-in instead (first-run.itg.test.ts covers seeding).
    const mirror = await startScratchRegistry(5057);
    const own = await copyWorkspace();
    try {
      const python = `${mirror.host}/library/python:3.12-slim-bookworm`;
      const pushed = await exec(
        [
          "docker",
          "buildx",
          "build",
          "--platform",
          "linux/amd64",
          "--provenance=false",
          "--push",
          "--tag",
          python,
          "-",
        ],
        { input: "FROM scratch\nENV STAND_IN=amd64-only\n", check: false },
      );
      expect(pushed.exitCode, pushed.stderr).toBe(0);
      const config = join(own.dir, "images.config.yaml");
      writeFileSync(
        config,
        readFileSync(config, "utf8").replace("127.0.0.1:5000/library/python", `${mirror.host}/library/python`),
      );
      const result = await runCli([
        "build",
        "--workspace",
        own.dir,
        "--no-lint",
        "--no-smoke",
        "--no-setup",
        "--push",
        "--platform",
        "linux/amd64,linux/arm64",
        "--registry",
        registry,
        "echo-agent",
      ]);
      expect(result.exitCode).toBe(1);
      const escaped = python.replace(/[.:/]/g, (c) => `\\${c}`);
      expect(result.stderr).toMatch(
        new RegExp(
          `^error: the build needs python:3\\.12-slim-bookworm, whose mirror ${escaped} has no linux\\/arm64 image ` +
            `\\(only linux\\/amd64\\); set-up is off`,
          "m",
        ),
      );
      expect(result.stderr).toMatch(
        /hint: Run `pnpm images bases seed --only python:3\.12-slim-bookworm --platform linux\/amd64,linux\/arm64`/,
      );
    } finally {
      own.remove();
      await mirror.stop();
    }
  });
});
