// `pnpm images stack test`: the SHIPPED compose.yaml with compose.production.yaml, run with the images
// that build here (api-debian; the fixture echo agent in each agent's place, as PyPI is out of reach):
// policy, health, the API's settings, persistence across a restart, no secret in `docker inspect` or
// the logs, nothing left behind. Also every compose combination through `docker compose config`,
// and the command on a fixture stack (fixed names and ports on purpose: it must isolate them).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { productionFindings } from "../../scripts/smoke/stack-policy.ts";
import { parseComposeConfig } from "../../scripts/smoke/stack-plan.ts";
import type { BuildReport } from "../../scripts/report/build-report.ts";
import { registryHost } from "./engine.ts";
import { fixtureWorkspace, repoRoot, runCli, uniqueName } from "./workspace-copy.ts";

const registry = `${registryHost}/${uniqueName("itg-stack")}`;
const env = { REGISTRY: registry, VERSION: "dev" };
const stackDir = join(repoRoot, "test/fixtures/smoke/stack");
const mirrors = ["python:3.12-slim-bookworm", "debian:bookworm-slim"].flatMap((ref) => [
  "--set",
  `*.contexts.${ref}=docker-image://${registryHost}/library/${ref}`,
]);
const fixtureImages = ["python-agent-base", "echo-agent", "notes-agent", "api"].map(
  (name) => `${registry}/${name}:dev`,
);
let apiImage = "";
let apiTags: string[] = [];

async function stackLeftovers(): Promise<string[]> {
  const containers = await exec([
    "docker",
    "ps",
    "--all",
    "--format",
    "{{.Names}}",
    "--filter",
    "label=com.docker.compose.project",
  ]);
  const volumes = await exec(["docker", "volume", "ls", "--quiet"]);
  const networks = await exec(["docker", "network", "ls", "--format", "{{.Name}}"]);
  return [containers.stdout, volumes.stdout, networks.stdout]
    .flatMap((out) => out.split("\n"))
    .filter((name) => name.startsWith("images-stack-"));
}

/** `docker compose config` of shipped files, with .env.example, repository paths made portable. */
async function composeConfig(files: string[]): Promise<string> {
  const argv = [
    "docker",
    "compose",
    "--env-file",
    ".env.example",
    ...files.flatMap((file) => ["-f", file]),
    "config",
    "--format",
    "json",
  ];
  // Only PATH and HOME: a variable exported in the shell would win over .env.example.
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  return (await exec(argv, { cwd: repoRoot, env })).stdout.split(repoRoot).join("<repo>");
}

beforeAll(async () => {
  // The stack test never pulls; redis comes from the local mirror.
  await exec(["docker", "pull", "--quiet", `${registryHost}/library/redis:7-bookworm`]);
  await exec(["docker", "buildx", "bake", "-f", "bake.hcl", "--load", ...mirrors, "echo-agent", "notes-agent", "api"], {
    cwd: fixtureWorkspace,
    env: { ...process.env, ...env },
  });
  const build = await runCli([
    "build",
    "api-debian",
    "--no-smoke",
    "--json",
    "--progress",
    "quiet",
    "--registry",
    registry,
  ]);
  expect(build.exitCode, build.stderr).toBe(0);
  const report = JSON.parse(build.stdout) as BuildReport;
  apiTags =
    report.targets.find((t) => t.target === "api-debian")?.tags.filter((tag) => tag.startsWith(`${registry}/`)) ?? [];
  apiImage = apiTags[0] ?? "";
  expect(apiImage).not.toBe("");
});

afterAll(async () => {
  await exec(["docker", "image", "rm", "--force", ...fixtureImages, ...apiTags], { check: false });
});

describe("compose combinations", () => {
  test.each([
    ["base", ["compose.yaml"]],
    ["development", ["compose.yaml", "compose.development.yaml"]],
    ["production", ["compose.yaml", "compose.production.yaml"]],
  ])("%s: `docker compose config` is valid and matches its captured fixture", async (name, files) => {
    expect(await composeConfig(files)).toBe(readFileSync(join(stackDir, `${name}.config.json`), "utf8"));
  });

  test("production with the accelerator override is valid and gives the npu agent its devices", async () => {
    const config = parseComposeConfig(
      await composeConfig(["compose.yaml", "compose.production.yaml", "compose.accelerator.yaml"]),
      "compose.yaml",
    );
    expect(JSON.stringify(config.services["npu-agent"])).toContain("/dev/accel/accel0");
    expect(productionFindings(config)).toEqual([]);
  });

  test(
    "compose.yaml + compose.production.yaml: API storage " + "variables, key secrets, no agent ports, read-only API",
    async () => {
      const { services } = parseComposeConfig(
        await composeConfig(["compose.yaml", "compose.production.yaml"]),
        "compose.yaml",
      );
      expect(services.api?.environment).toMatchObject({
        ROO_GLOBAL_STORAGE_PATH: "/app/.roo-storage",
        ROO_CLI_STORAGE_PATH: "/app/.roo-cli",
        API_STORAGE_ROOT: "/app/.roo-storage",
      });
      expect(services.api?.secrets?.map((secret) => secret.source)).toEqual([
        "anthropic_api_key",
        "openai_api_key",
        "github_token",
        "database_url",
        "mssql_connection_string",
      ]);
      expect(services.api?.read_only).toBe(true);
      const published = Object.entries(services)
        .filter(([, service]) => service.ports?.length)
        .map(([name]) => name);
      expect(published).toEqual(["api"]);
    },
  );

  test("compose refuses to start without the redis password file, naming the variable", async () => {
    const result = await exec(["docker", "compose", "-f", "compose.yaml", "config", "--quiet"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "" },
      check: false,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/REDIS_PASSWORD_FILE/);
  });
});

describe("pnpm images stack test on the shipped stack", () => {
  const shippedEnv = () => ({
    API_IMAGE: apiImage,
    FIXTURE_REGISTRY: registry,
    REDIS_IMAGE: `${registryHost}/library/redis:7-bookworm`,
  });
  const override = join(stackDir, "fixture-agents.override.yaml");

  test(
    "production: policy, healthy, the API sees every key, " + "storage survives a restart, no secret leaks, teardown",
    async () => {
      const result = await runCli(["stack", "test", "--override", override, "--timeout", "240"], shippedEnv());
      expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(
        result.stdout
          .split("\n")
          .filter((line) => line.startsWith("  ✓"))
          .map((line) => line.slice(4)),
      ).toEqual([
        expect.stringMatching(/^the production policy holds/),
        "every service healthy within 240s",
        "the API names every key and the MCP settings as present",
        expect.stringMatching(/^write \/app\/\.roo-storage\/\.stack-probe-\w+ in api$/),
        "restart api",
        "api healthy again",
        expect.stringMatching(/^\/app\/\.roo-storage\/\.stack-probe-\w+ survived the restart$/),
        "no secret value in docker inspect or the logs",
      ]);
      expect(await stackLeftovers()).toEqual([]);
    },
  );

  test("a secret printed to the logs fails the test by name, and the report never shows the value", async () => {
    const leak = join(stackDir, "leaky-api.override.yaml");
    const result = await runCli(
      ["stack", "test", "--override", override, "--override", leak, "--timeout", "240"],
      shippedEnv(),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /✗ no secret value in docker inspect or the logs\n\s+the secret from OPENAI_API_KEY_FILE appears in the logs/,
    );
    expect(result.stdout + result.stderr).not.toMatch(/stack-secret-\w+-openai_api_key_file/);
    expect(await stackLeftovers()).toEqual([]);
  });
});

describe("pnpm images stack test on a fixture stack", () => {
  test("brings the stack up healthy, keeps the API's file across a restart, tears down", async () => {
    const result = await runCli(
      ["stack", "test", "--workspace", stackDir, "--environment", "none", "--timeout", "90"],
      env,
    );
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    const steps = [
      "✓ every service healthy within 90s",
      "✓ restart api",
      String.raw`✓ /app/storage/\.stack-probe-\w+ survived the restart`,
    ];
    expect(result.stdout).toMatch(new RegExp(steps.join(String.raw`[\s\S]*`)));
    expect(await stackLeftovers()).toEqual([]);
  });

  test("a service that never gets healthy fails the test, shows its state, and still tears down", async () => {
    const never = join(stackDir, "never-healthy.override.yaml");
    const result = await runCli(
      ["stack", "test", "--workspace", stackDir, "--environment", "none", "--override", never, "--timeout", "60"],
      env,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✗ every service healthy/);
    expect(result.stderr).toMatch(/tearing down images-stack-/);
    expect(await stackLeftovers()).toEqual([]);
  });

  test("an image nothing can make is an error naming it, before anything starts", async () => {
    const result = await runCli(
      ["stack", "test", "--workspace", stackDir, "--environment", "none", "--timeout", "60"],
      { ...env, VERSION: "never-built" },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: the stack cannot start, 3 images missing; nothing was started/);
    expect(result.stderr).toContain(`api: ${registry}/api:never-built is not here, and no bake target or mirror`);
    expect(result.stderr).not.toMatch(/tearing down/);
    expect(await stackLeftovers()).toEqual([]);
  });

  test("only `test` is an action, and a missing environment override is a usage error", async () => {
    expect((await runCli(["stack", "up", "--workspace", stackDir], env)).exitCode).toBe(2);
    const missing = await runCli(["stack", "test", "--workspace", stackDir], env);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/compose file not found: .*compose\.production\.yaml/);
  });
});

describe("pnpm images stack test on a machine without the stack's images", () => {
  // Its own REGISTRY (bake's and the computed tags'), so nothing another test built or uses is touched.
  const fresh = `${registryHost}/${uniqueName("itg-stack-fresh")}`;
  const freshEnv = { REGISTRY: fresh, VERSION: "dev", IMAGES_REGISTRY: fresh, API_IMAGE: `${fresh}/api:dev` };
  const redisMirror = `${registryHost}/library/redis:7-bookworm`;

  async function freshImages(): Promise<string[]> {
    const listed = await exec(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
    return listed.stdout.split("\n").filter((ref) => ref.startsWith(`${fresh}/`));
  }

  afterAll(async () => {
    const made = await freshImages();
    if (made.length) await exec(["docker", "image", "rm", "--force", ...made], { check: false });
  });

  test("with --no-setup, every missing image is an error naming its command, and nothing starts", async () => {
    const result = await runCli(["stack", "test", "--no-setup"], freshEnv);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: the stack cannot start, \d+ images? missing; nothing was started/);
    expect(result.stderr).toMatch(/\n {2}the commands that make them:\n {4}pnpm build:images api-debian\n/);
    expect(result.stderr).toMatch(/\n {2}chat-agent: \S+\/chat-agent:dev is not here, nor \S+\/echo-agent:dev\n/);
    expect(result.stderr).toMatch(/\n {4}cd test\/fixtures\/workspace && docker buildx bake .*echo-agent\n/);
    expect(result.stderr).not.toMatch(/tearing down/);
    expect(await stackLeftovers()).toEqual([]);
  });

  test("`stack test` alone builds what is missing, passes, and leaves no container, volume or network", async () => {
    // The local copy of the mirror's redis goes too: the command pulls it back.
    await exec(["docker", "image", "rm", "--force", redisMirror], { check: false });
    expect(await freshImages()).toEqual([]);
    const result = await runCli(["stack", "test", "--timeout", "240"], freshEnv);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    const said = result.stdout.split("\n").filter((line) => line.startsWith("stack: "));
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stack: api → api-debian \(building it\): its build needs https:\/\/dl-cdn/),
        expect.stringMatching(
          /^stack: chat-agent → fixture echo agent \(building it\): its build needs https:\/\/pypi/,
        ),
        expect.stringMatching(
          /^stack: redis → .*, the mirror of redis:7-bookworm \(pulling it\)$|^stack: redis: .* is here$/,
        ),
        "stack: building api-debian as `pnpm build:images` does (lint and smoke off)",
        `stack: building the fixture echo agent ${fresh}/echo-agent:dev in test/fixtures/workspace`,
        "stack: passed",
      ]),
    );
    expect(result.stdout).toMatch(
      /✓ every service healthy within 240s[\s\S]*✓ \/app\/\.roo-storage\/\.stack-probe-\w+ survived/,
    );
    expect(result.stdout).toContain("✓ no secret value in docker inspect or the logs");
    expect(await freshImages()).toEqual(expect.arrayContaining([`${fresh}/api-debian:dev`, `${fresh}/echo-agent:dev`]));
    expect(await stackLeftovers()).toEqual([]);
  });
});
