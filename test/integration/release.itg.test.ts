// `pnpm images release` for real: the fixture workspace, the engine, the local registry.
// Every test releases into its own namespace and reads the result back over the HTTP API.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { isTagPut, registryProxy, type RegistryProxy } from "./registry-proxy.ts";
import { copyWorkspace, runCli, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

const images = ["python-agent-base", "echo-agent", "notes-agent", "api"];
let workspace: WorkspaceCopy;
let files: string;
let sha: string;

async function tagsOf(host: string, repository: string): Promise<Record<string, string>> {
  const list = await fetch(`http://${host}/v2/${repository}/tags/list`);
  if (list.status === 404) return {};
  const tags = ((await list.json()) as { tags: string[] | null }).tags ?? [];
  const accept = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
  const entries = await Promise.all(tags.map(async (tag) => [tag, (await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { method: "HEAD", headers: { accept } })).headers.get("docker-content-digest") ?? ""] as const));
  return Object.fromEntries(entries);
}

async function registryState(namespace: string): Promise<Record<string, Record<string, string>>> {
  return Object.fromEntries(await Promise.all(images.map(async (image) => [image, await tagsOf(registryHost, `${namespace}/${image}`)] as const)));
}

function release(version: string, registry: string, extra: NodeJS.ProcessEnv = {}) {
  const env = {
    GITHUB_REF: `refs/tags/${version}`,
    GITHUB_SHA: sha,
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(files, "event.json"),
    GITHUB_OUTPUT: join(files, "output"),
    GITHUB_STEP_SUMMARY: join(files, "summary"),
    IMAGES_RELEASE_RETRY_MS: "100",
    ...extra,
  };
  writeFileSync(env.GITHUB_OUTPUT, "");
  writeFileSync(env.GITHUB_STEP_SUMMARY, "");
  return runCli(["release", "--workspace", workspace.dir, "--registry", registry], env);
}

beforeAll(async () => {
  workspace = await copyWorkspace();
  // The fixture agents inherit USER from the base, which the policy rule cannot see through ${BASE_IMAGE}.
  if (!existsSync(join(workspace.dir, ".hadolint.yaml"))) writeFileSync(join(workspace.dir, ".hadolint.yaml"), "failure-threshold: error\nignored:\n  - IMG001\n");
  await exec(["git", "-c", "user.name=itg", "-c", "user.email=itg@example.invalid", "commit", "-qam", "lint config"], { cwd: workspace.dir, check: false });
  sha = (await exec(["git", "rev-parse", "HEAD"], { cwd: workspace.dir })).stdout.trim();
  files = mkdtempSync(join(tmpdir(), "release-itg-"));
  // Actions always has an event payload; its repository description becomes the OCI description label.
  writeFileSync(join(files, "event.json"), JSON.stringify({ repository: { name: "fixture-images", description: "Fixture python agent images", default_branch: "main", html_url: "https://github.com/acme/fixture-images" } }));
});

const namespaces: string[] = [];

/** Delete every tagged manifest this file released (the registry has deletes enabled). */
async function dropNamespace(namespace: string): Promise<void> {
  for (const image of images.flatMap((name) => [`${namespace}/${name}`, `${namespace}/release-staging/${name}`])) {
    for (const digest of new Set(Object.values(await tagsOf(registryHost, image)))) {
      await fetch(`http://${registryHost}/v2/${image}/manifests/${digest}`, { method: "DELETE" });
    }
  }
}

afterAll(async () => {
  workspace.remove();
  rmSync(files, { recursive: true, force: true });
  for (const namespace of namespaces) await dropNamespace(namespace);
});

describe("a release into the local registry", () => {
  const namespace = uniqueName("itg-release");
  namespaces.push(namespace);

  test("v1.2.3 pushes 1.2.3, 1.2, 1, latest and sha-… for every image, and writes outputs and summary", async () => {
    const result = await release("v1.2.3", `${registryHost}/${namespace}`);
    expect(result.exitCode, result.stderr).toBe(0);
    const state = await registryState(namespace);
    for (const image of images) {
      const tags = state[image] ?? {};
      expect(Object.keys(tags).sort(), image).toEqual(["1", "1.2", "1.2.3", "latest", `sha-${sha.slice(0, 7)}`].sort());
      expect(new Set(Object.values(tags)).size, `${image}: every tag on one digest`).toBe(1);
    }
    // Outside Actions the release still attests provenance (BuildKit's own; SBOM needs a scanner image).
    const index = (await (await fetch(`http://${registryHost}/v2/${namespace}/api/manifests/1.2.3`, { headers: { accept: "application/vnd.oci.image.index.v1+json" } })).json()) as { manifests?: { annotations?: Record<string, string> }[] };
    expect(index.manifests?.map((m) => m.annotations?.["vnd.docker.reference.type"])).toContain("attestation-manifest");
    const output = readFileSync(join(files, "output"), "utf8");
    expect(output).toContain(`api-digest<<`);
    expect(output).toContain(state.api?.["1.2.3"] ?? "missing");
    const summary = readFileSync(join(files, "summary"), "utf8");
    expect(summary).toContain("<h2>Release 1.2.3</h2>");
    for (const image of images) expect(summary).toContain(`${registryHost}/${namespace}/${image}`);
  });

  test("running v1.2.3 again changes no tag: the same images keep their digests despite new provenance", async () => {
    const before = await registryState(namespace);
    const result = await release("v1.2.3", `${registryHost}/${namespace}`);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await registryState(namespace)).toEqual(before);
    expect(result.stdout + result.stderr).toMatch(/0 moved, 5 already there/);
  });

  test("v2.0.0-rc.1 pushes 2.0.0-rc.1 and does not move latest", async () => {
    const before = await registryState(namespace);
    const result = await release("v2.0.0-rc.1", `${registryHost}/${namespace}`);
    expect(result.exitCode, result.stderr).toBe(0);
    const after = await registryState(namespace);
    for (const image of images) {
      expect(after[image]?.["2.0.0-rc.1"], image).toMatch(/^sha256:/);
      expect(after[image]?.latest, image).toBe(before[image]?.latest);
    }
  });

  test("a failing smoke spec pushes nothing new: the tag lists are unchanged", async () => {
    const spec = join(workspace.dir, "api/smoke.yaml");
    const original = readFileSync(spec, "utf8");
    writeFileSync(spec, original.replace(/commandTests:\n/, 'commandTests:\n  - name: made to fail\n    command: "false"\n'));
    try {
      const before = await registryState(namespace);
      const result = await release("v1.3.0", `${registryHost}/${namespace}`);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/smoke specs failed for api: no tag was moved/);
      expect(await registryState(namespace)).toEqual(before);
    } finally {
      writeFileSync(spec, original);
    }
  });

  test("a tag ref that is not semver fails before anything is built, showing the expected form", async () => {
    const result = await release("v1.3", `${registryHost}/${namespace}`);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/a release needs a semver tag such as v1\.2\.3 \(ref refs\/tags\/v1\.2\.3\), got "refs\/tags\/v1\.3"/);
  });
});

/** The registry "goes away" at the first tag PUT outside staging and stays gone. */
function vanishingRegistry(): Promise<RegistryProxy> {
  let gone = false;
  return registryProxy((incoming) => {
    gone ||= isTagPut(incoming) && !(incoming.url ?? "").includes("release-staging");
    return gone ? "drop" : "pass";
  });
}

test("a registry that goes away in the middle of a release leaves no new tag, and the error says so", async () => {
  const namespace = uniqueName("itg-release-gone");
  namespaces.push(namespace);
  const proxy = await vanishingRegistry();
  try {
    const result = await release("v1.2.3", `${proxy.host}/${namespace}`, { IMAGES_RELEASE_RETRIES: "2" });
    expect(proxy.count("drop")).toBeGreaterThan(0);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/release stopped while tagging .*fetch failed/);
    expect(result.stderr).toMatch(/tags of this release in the registry: none/);
    expect(result.stderr).toMatch(/tags of this release NOT in the registry: .*\/python-agent-base:1\.2\.3/);
    const state = await registryState(namespace);
    expect(Object.values(state).every((tags) => Object.keys(tags).length === 0), JSON.stringify(state)).toBe(true);
  } finally {
    proxy.close();
  }
});
