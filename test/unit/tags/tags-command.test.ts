// The command end to end with a fake world: captured GitHub env, canned git, frozen clock. In
// Actions, @actions/core is driven through its files (GITHUB_OUTPUT, GITHUB_ENV), never mocked.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { CommandContext, OptionValues } from "../../../scripts/cli/command.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { tagsCommand } from "../../../scripts/tags/tags-command.ts";
import { githubFixtureDir, readEnvFile } from "./github-fixtures.ts";

const noGit: Exec = async (argv) => ({ argv, exitCode: 128, stdout: "", stderr: "fatal: not a git repository" });

function world(env: NodeJS.ProcessEnv, exec: Exec = noGit) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = {
    workspace: "/work/agent-images",
    env,
    now: () => new Date("2026-11-23T12:00:00Z"),
    exec,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    isTTY: false,
    signal: new AbortController().signal,
  };
  return { ctx, out, err };
}

const inActions = (fixture: string): NodeJS.ProcessEnv => {
  const env = readEnvFile(fixture);
  return { ...env, GITHUB_EVENT_PATH: `${githubFixtureDir}/${env.GITHUB_EVENT_PATH}` };
};

async function run(env: NodeJS.ProcessEnv, values: OptionValues, exec?: Exec) {
  const w = world(env, exec);
  const code = await tagsCommand.run(w.ctx, values, []);
  return { code, out: w.out.join("\n"), err: w.err.join("\n") };
}

describe("pnpm images tags", () => {
  test("no inputs, on a release tag: metadata-action's defaults and bare tags", async () => {
    const { code, out } = await run({ ...inActions("push-tag"), SOURCE_DATE_EPOCH: "1700000000" }, { json: true });
    expect(code).toBe(0);
    const plan = JSON.parse(out) as {
      version: unknown;
      tags: string[];
      labels: Record<string, string>;
      annotations: Record<string, string>;
    };
    expect(plan.version).toEqual({ main: "v1.2.3", partial: [], latest: true });
    expect(plan.tags).toEqual(["v1.2.3", "latest"]);
    expect(plan.labels["org.opencontainers.image.created"]).toBe("2023-11-14T22:13:20.000Z");
    expect(plan.annotations).toEqual(plan.labels);
  });

  test("--images, --tags, --flavor and --labels are used as given, per image", async () => {
    const values = {
      json: true,
      images: ["ghcr.io/acme/api\nname=ghcr.io/acme/worker", "name=ghcr.io/acme/off,enable=false"],
      tags: ["type=edge\ntype=sha,format=long"],
      flavor: ["latest=false"],
      labels: ["org.opencontainers.image.vendor=Acme"],
    };
    const plan = JSON.parse((await run(inActions("push-main"), values)).out) as {
      tags: string[];
      labels: Record<string, string>;
    };
    const long = "sha-3f9c2b7d41e08a6c5f1d2e3b4a5968778695a4b3";
    expect(plan.tags).toEqual([
      "ghcr.io/acme/api:edge",
      `ghcr.io/acme/api:${long}`,
      "ghcr.io/acme/worker:edge",
      `ghcr.io/acme/worker:${long}`,
    ]);
    expect(plan.labels["org.opencontainers.image.vendor"]).toBe("Acme");
    expect(plan.labels["org.opencontainers.image.created"]).toBe("2026-11-23T12:00:00.000Z");
  });

  test("outside Actions and outside git: a usable listing and a note about the missing sha", async () => {
    const { code, out, err } = await run({}, {});
    expect(code).toBe(0);
    expect(out).toContain("version  local");
    expect(out).toContain("tags\n  local\n");
    expect(err).toMatch(/note: \/work\/agent-images is not a git repository/);
  });

  test("a non-semver tag under semver rules prints no tags and says why", async () => {
    const env = { ...inActions("push-tag"), GITHUB_REF: "refs/tags/nightly-build" };
    const { out, err } = await run(env, { tags: ["type=semver,pattern={{version}}"] });
    expect(out).toContain("(none)");
    expect(err).toMatch(/nightly-build is not a valid semver version/);
  });

  test.each([
    [{}, { tags: ["type=semver"] }, /missing pattern attribute in rule "type=semver"/],
    [{}, { tags: ['type=raw,value=a"b'] }, /tag rule "type=raw,value=a"b": field 2/],
    [{}, { images: ["name=a,enable=perhaps"] }, /enable must be true or false in image entry/],
    [{ DOCKER_METADATA_SHORT_SHA_LENGTH: "seven" }, {}, /DOCKER_METADATA_SHORT_SHA_LENGTH must be a number/],
    [{ DOCKER_METADATA_ANNOTATIONS_LEVELS: "image" }, {}, /unknown level "image"/],
  ])("bad input %j %j is a ConfigError", async (env, values, message) => {
    await expect(run(env, values)).rejects.toThrow(message);
  });

  test("in Actions, commit_date comes from the checkout when the payload lacks it", async () => {
    const git: Exec = async (argv) => ({
      argv,
      exitCode: 0,
      stdout: argv.includes("show") ? "2024-05-06T07:08:09+02:00\n" : "",
      stderr: "",
    });
    const values = { json: true, tags: ["type=raw,value={{commit_date 'YYYYMMDD-HHmm'}}"] };
    const plan = JSON.parse((await run(inActions("pull-request"), values, git)).out) as { tags: string[] };
    expect(plan.tags).toEqual(["20240506-0508"]);
  });
});

describe("outputs in GitHub Actions, through GITHUB_OUTPUT and GITHUB_ENV", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tags-actions-"));
    env = {
      ...inActions("push-tag"),
      SOURCE_DATE_EPOCH: "1700000000",
      GITHUB_OUTPUT: join(dir, "output"),
      GITHUB_ENV: join(dir, "env"),
      RUNNER_TEMP: dir,
    };
    writeFileSync(join(dir, "output"), "");
    writeFileSync(join(dir, "env"), "");
    // @actions/core reads process.env, as it does inside a runner; exportVariable writes it too.
    for (const name of ["GITHUB_OUTPUT", "GITHUB_ENV"]) vi.stubEnv(name, env[name] ?? "");
    for (const name of outputNames) vi.stubEnv(`DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, "_").toUpperCase()}`, "");
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  const outputNames = [
    "version",
    "tags",
    "labels",
    "annotations",
    "json",
    "bake-file-tags",
    "bake-file-labels",
    "bake-file-annotations",
    "bake-file",
  ];
  const values = {
    images: ["name/app"],
    tags: ["type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=sha"],
    "sep-tags": ",",
  };

  test("every output of the action, in its order, and the bake files where the paths say", async () => {
    await run(env, values);
    const outputs = readFileCommands(join(dir, "output"));
    expect(Object.keys(outputs)).toEqual(outputNames);
    expect(outputs.version).toBe("1.2.3");
    expect(outputs.tags).toBe("name/app:1.2.3,name/app:1.2,name/app:sha-9a8b7c6,name/app:latest");
    expect(outputs.labels?.split("\n")).toContain("org.opencontainers.image.version=1.2.3");
    expect(outputs.annotations?.split("\n")[0]).toBe(
      "manifest:org.opencontainers.image.created=2023-11-14T22:13:20.000Z",
    );
    expect(JSON.parse(outputs.json ?? "{}")).toMatchObject({
      tags: ["name/app:1.2.3", "name/app:1.2", "name/app:sha-9a8b7c6", "name/app:latest"],
    });
    const bake = JSON.parse(readFileSync(outputs["bake-file"] ?? "", "utf8")) as {
      target: Record<string, { tags: string[]; args: unknown }>;
    };
    expect(outputs["bake-file"]?.startsWith(dir)).toBe(true);
    expect(bake.target["docker-metadata-action"]?.args).toEqual({
      DOCKER_META_IMAGES: "name/app",
      DOCKER_META_VERSION: "1.2.3",
    });
    for (const name of outputNames.filter((item) => item.startsWith("bake-file")))
      expect(existsSync(outputs[name] ?? "")).toBe(true);
  });

  test(
    "each output is also exported as DOCKER_METADATA_OUTPUT_*, " + "unless DOCKER_METADATA_SET_OUTPUT_ENV=false",
    async () => {
      await run(env, values);
      const exported = readFileCommands(join(dir, "env"));
      expect(Object.keys(exported)).toEqual(
        outputNames.map((name) => `DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, "_").toUpperCase()}`),
      );
      expect(exported.DOCKER_METADATA_OUTPUT_VERSION).toBe("1.2.3");
      writeFileSync(join(dir, "env"), "");
      await run({ ...env, DOCKER_METADATA_SET_OUTPUT_ENV: "false" }, values);
      expect(readFileSync(join(dir, "env"), "utf8")).toBe("");
    },
  );

  test("--outputs prints the same outputs outside Actions, with the bake files in --bake-dir", async () => {
    const local = { ...inActions("push-tag"), SOURCE_DATE_EPOCH: "1700000000", GITHUB_ACTIONS: "true" };
    const { out } = await run(local, { ...values, outputs: true, "bake-dir": join(dir, "bake"), "bake-target": "api" });
    const outputs = JSON.parse(out) as Record<string, string>;
    expect(Object.keys(outputs)).toEqual(outputNames);
    expect(outputs["bake-file-labels"]).toBe(join(dir, "bake", "docker-metadata-action-bake-labels.json"));
    expect(
      Object.keys((JSON.parse(readFileSync(outputs["bake-file-labels"] ?? "", "utf8")) as { target: object }).target),
    ).toEqual(["api"]);
  });
});

/** GITHUB_OUTPUT / GITHUB_ENV file commands: `name<<DELIMITER`, value lines, `DELIMITER`. */
function readFileCommands(file: string): Record<string, string> {
  const found: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of readFileSync(file, "utf8").matchAll(pattern)) found[match[1] ?? ""] = match[3] ?? "";
  return found;
}
