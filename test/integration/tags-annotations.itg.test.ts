// `pnpm images tags` bake files given to a real `docker buildx bake`: --print shows our tags, labels
// and annotations, and a pushed image carries the annotations at the levels asked for.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { localImageNames, registryHost } from "./engine.ts";
import { copyWorkspace, repoRoot, runCli, uniqueName } from "./workspace-copy.ts";

const fixture = join(repoRoot, "test/fixtures/tags/metadata-bake");
const githubFixtures = join(repoRoot, "test/fixtures/github");
const repository = `${registryHost}/${uniqueName("itg-tags")}/app`;
// A release tag push, as captured on a runner; outputs printed (--outputs), not set: no GITHUB_OUTPUT.
const pushTag = {
  GITHUB_ACTIONS: "true",
  GITHUB_OUTPUT: "",
  GITHUB_ENV: "",
  GITHUB_EVENT_NAME: "push",
  GITHUB_EVENT_PATH: join(githubFixtures, "push-tag.event.json"),
  GITHUB_REF: "refs/tags/v1.2.3",
  GITHUB_SHA: "9a8b7c6d5e4f30211234567890abcdefa1b2c3d4",
  GITHUB_REPOSITORY: "acme/agent-images",
  GITHUB_SERVER_URL: "https://github.com",
  SOURCE_DATE_EPOCH: "1700000000",
};
const rules = ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=sha"].join("\n");

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "itg-tags-"));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await removeImages(repository);
});

/** Local images of a test's unique repository (or namespace, with a `*`), so nothing is left behind. */
async function removeImages(reference: string): Promise<void> {
  const names = await localImageNames(reference);
  if (names.length > 0) await exec(["docker", "image", "rm", "--force", ...names], { check: false });
}

type Outputs = Record<string, string>;

async function tagsOutputs(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outputs> {
  const result = await runCli(
    ["tags", "--outputs", "--images", repository, "--tags", rules, "--bake-dir", dir, ...args],
    { ...pushTag, ...env },
  );
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Outputs;
}

interface PrintedTarget {
  tags?: string[];
  labels?: Record<string, string>;
  annotations?: string[];
  args?: Record<string, string>;
}

async function bakePrint(files: string[], target: string, cwd: string): Promise<PrintedTarget> {
  const result = await exec(["docker", "buildx", "bake", ...files.flatMap((file) => ["-f", file]), "--print", target], {
    cwd,
  });
  return (JSON.parse(result.stdout) as { target: Record<string, PrintedTarget> }).target[target] ?? {};
}

describe("bake files from pnpm images tags", () => {
  test(
    "bake -f <our bake-file> -f <our annotations file> -f " +
      "bake.hcl --print build shows our tags, labels and " +
      "annotations",
    async () => {
      const outputs = await tagsOutputs(["--annotations", "org.opencontainers.image.vendor=Acme"], {
        DOCKER_METADATA_ANNOTATIONS_LEVELS: "manifest,index",
      });
      const printed = await bakePrint(
        [outputs["bake-file"] ?? "", outputs["bake-file-annotations"] ?? "", "bake.hcl"],
        "build",
        fixture,
      );
      expect(printed.tags).toEqual([
        `${repository}:1.2.3`,
        `${repository}:1.2`,
        `${repository}:sha-9a8b7c6`,
        `${repository}:latest`,
      ]);
      expect(printed.labels).toMatchObject({
        "org.opencontainers.image.version": "1.2.3",
        "org.opencontainers.image.created": "2023-11-14T22:13:20.000Z",
        "org.opencontainers.image.title": "agent-images",
      });
      expect(printed.annotations).toContain("manifest:org.opencontainers.image.version=1.2.3");
      expect(printed.annotations).toContain("index:org.opencontainers.image.vendor=Acme");
      expect(printed.args).toMatchObject({ DOCKER_META_IMAGES: repository, DOCKER_META_VERSION: "1.2.3" });
    },
  );

  test("bake.hcl, --bake-target api-debian: our tags, labels and annotations win in either order", async () => {
    const outputs = await tagsOutputs(["--bake-target", "api-debian"]);
    const files = [outputs["bake-file"] ?? "", outputs["bake-file-annotations"] ?? ""];
    const ours = [`${repository}:1.2.3`, `${repository}:1.2`, `${repository}:sha-9a8b7c6`, `${repository}:latest`];
    const oursFirst = await bakePrint([...files, "bake.hcl"], "api-debian", repoRoot);
    expect(oursFirst.labels?.["org.opencontainers.image.version"]).toBe("1.2.3");
    expect(oursFirst.annotations).toContain("manifest:org.opencontainers.image.version=1.2.3");
    // bake.hcl's targets take their tags from inherited targets, so a file naming the target sets them.
    expect(oursFirst.tags).toEqual(ours);
    const oursLast = await bakePrint(["bake.hcl", ...files], "api-debian", repoRoot);
    expect(oursLast.tags).toEqual(ours);
  });

  test("annotations reach the pushed image at each DOCKER_METADATA_ANNOTATIONS_LEVELS level", async () => {
    const outputs = await tagsOutputs(
      ["--annotations", "org.opencontainers.image.description=annotated by pnpm images tags"],
      { DOCKER_METADATA_ANNOTATIONS_LEVELS: "manifest,index" },
    );
    const files = [outputs["bake-file-tags"] ?? "", outputs["bake-file-annotations"] ?? "", "bake.hcl"];
    await exec(["docker", "buildx", "bake", ...files.flatMap((file) => ["-f", file]), "--push", "build"], {
      cwd: fixture,
    });
    const index = await registryJson(`${repository}:1.2.3`);
    expect(index.annotations?.["org.opencontainers.image.description"]).toBe("annotated by pnpm images tags");
    expect(index.annotations?.["org.opencontainers.image.version"]).toBe("1.2.3");
    const image = index.manifests?.find((entry) => entry.platform?.os !== "unknown");
    const manifest = await registryJson(`${repository}@${image?.digest ?? ""}`);
    expect(manifest.annotations?.["org.opencontainers.image.description"]).toBe("annotated by pnpm images tags");
    expect(manifest.annotations?.["org.opencontainers.image.revision"]).toBe(pushTag.GITHUB_SHA);
  });
});

describe("pnpm images build with DOCKER_METADATA_ANNOTATIONS_LEVELS", () => {
  // One platform and no attestation push a bare manifest: buildx refuses index annotations there
  // ("index annotations not supported for single platform export"), so this build asks for manifest.
  test("the pushed image manifest carries the OCI annotations, titled per image", async () => {
    const workspace = await copyWorkspace();
    const registry = `${registryHost}/${uniqueName("itg-tags-build")}`;
    try {
      const args = [
        "build",
        "--workspace",
        workspace.dir,
        "--no-smoke",
        "--no-lint",
        "--progress",
        "quiet",
        "--push",
        "--registry",
        registry,
        "api",
      ];
      const result = await runCli(args, { DOCKER_METADATA_ANNOTATIONS_LEVELS: "manifest" });
      expect(result.exitCode, result.stderr).toBe(0);
      const manifest = await registryJson(`${registry}/api:main`);
      expect(manifest.annotations?.["org.opencontainers.image.title"]).toBe("api");
      expect(manifest.annotations?.["org.opencontainers.image.version"]).toBe("main");
      expect(manifest.annotations?.["org.opencontainers.image.revision"]).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      workspace.remove();
      await removeImages(`${registry}/*`);
    }
  });
});

interface RawManifest {
  annotations?: Record<string, string>;
  manifests?: { digest: string; platform?: { os: string } }[];
}

async function registryJson(reference: string): Promise<RawManifest> {
  const result = await exec(["docker", "buildx", "imagetools", "inspect", "--raw", reference]);
  return JSON.parse(result.stdout) as RawManifest;
}
