// docker/metadata-action's bake convention on the repository's bake.hcl: every image inherits the
// empty `docker-metadata-action` target last, so the bake file `pnpm images tags` writes (which
// defines that target) supplies the tags and the build's labels whichever order -f lists the files.
// Real `docker buildx bake --print` (no engine needed).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../../scripts/cli.ts";
import { exec } from "../../scripts/process/exec.ts";

const repo = resolve(import.meta.dirname, "../..");
const github = join(repo, "test/fixtures/github");
const image = "127.0.0.1:5000/acme/agent";
// A release tag push as captured on a runner (test/fixtures/github/push-tag.*); no GITHUB_OUTPUT: printed.
const pushTag: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GITHUB_ACTIONS: "true",
  GITHUB_EVENT_NAME: "push",
  GITHUB_EVENT_PATH: join(github, "push-tag.event.json"),
  GITHUB_REF: "refs/tags/v1.2.3",
  GITHUB_SHA: "9a8b7c6d5e4f30211234567890abcdefa1b2c3d4",
  GITHUB_REPOSITORY: "acme/agent-images",
  GITHUB_SERVER_URL: "https://github.com",
  SOURCE_DATE_EPOCH: "1700000000",
};
const ourTags = [`${image}:1.2.3`, `${image}:1.2`, `${image}:sha-9a8b7c6`, `${image}:latest`];

interface Printed {
  tags?: string[];
  labels?: Record<string, string>;
  args?: Record<string, string>;
}

let dir: string;
let bakeFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cli-metadata-bake-"));
  const out: string[] = [];
  const err: string[] = [];
  const rules = ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=sha"].join("\n");
  const argv = ["tags", "--outputs", "--images", image, "--tags", rules, "--bake-dir", dir];
  const ctx = {
    workspace: repo,
    env: pushTag,
    now: () => new Date(0),
    exec,
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    isTTY: false,
    signal: new AbortController().signal,
  };
  expect(await runCli(argv, ctx), err.join("\n")).toBe(0);
  bakeFile = (JSON.parse(out.join("\n")) as Record<string, string>)["bake-file"] ?? "";
  // The action's own file: one target, named as the action names it by default.
  expect(Object.keys((JSON.parse(readFileSync(bakeFile, "utf8")) as { target: object }).target)).toEqual([
    "docker-metadata-action",
  ]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function print(files: string[], target: string): Promise<Printed> {
  const argv = ["docker", "buildx", "bake", ...files.flatMap((file) => ["-f", file]), "--print", target];
  const result = await exec(argv, { cwd: repo, env: { PATH: process.env.PATH, HOME: process.env.HOME }, check: false });
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { target: Record<string, Printed> }).target[target] ?? {};
}

describe.each(["api-debian", "rag-agent", "python-agent-base"])("%s", (target) => {
  test("without a metadata bake file: bake.hcl's own tag and labels", async () => {
    const printed = await print(["bake.hcl"], target);
    expect(printed.tags).toEqual([`ghcr.io/acme/${target}:dev`]);
    expect(printed.labels?.["org.opencontainers.image.version"]).toBe("dev");
  });

  test.each([
    ["metadata file first", (file: string) => [file, "bake.hcl"]],
    ["bake.hcl first", (file: string) => ["bake.hcl", file]],
  ])("with it (%s): its tags, version, revision and created; bake.hcl's title and description", async (_, order) => {
    const printed = await print(order(bakeFile), target);
    expect(printed.tags).toEqual(ourTags);
    expect(printed.labels).toMatchObject({
      "org.opencontainers.image.version": "1.2.3",
      "org.opencontainers.image.revision": pushTag.GITHUB_SHA,
      "org.opencontainers.image.created": "2023-11-14T22:13:20.000Z",
      "org.opencontainers.image.title": target,
    });
    expect(printed.labels?.["org.opencontainers.image.description"]).not.toBe("");
    expect(printed.args).toMatchObject({ DOCKER_META_IMAGES: image, DOCKER_META_VERSION: "1.2.3" });
  });
});
