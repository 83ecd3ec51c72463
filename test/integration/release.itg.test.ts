// `pnpm images release` for real: the fixture workspace, the engine, the local registry.
// Every test releases into its own namespace and reads the result back over the HTTP API.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { isDelete, isTagPut, registryProxy, type RegistryProxy } from "./registry-proxy.ts";
import { copyWorkspace, runCli, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

const images = ["python-agent-base", "echo-agent", "notes-agent", "api"];
let workspace: WorkspaceCopy;
let files: string;
let sha: string;

async function tagsOf(host: string, repository: string): Promise<Record<string, string>> {
  const list = await fetch(`http://${host}/v2/${repository}/tags/list`);
  if (list.status === 404) return {};
  const tags = ((await list.json()) as { tags: string[] | null }).tags ?? [];
  const accept =
    "application/vnd.oci.image.index.v1+json, " +
    "application/vnd.docker.distribution.manifest.list.v2+json, " +
    "application/vnd.oci.image.manifest.v1+json, " +
    "application/vnd.docker.distribution.manifest.v2+json";
  const entries = await Promise.all(
    tags.map(
      async (tag) =>
        [
          tag,
          (
            await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { method: "HEAD", headers: { accept } })
          ).headers.get("docker-content-digest") ?? "",
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function registryState(namespace: string): Promise<Record<string, Record<string, string>>> {
  return Object.fromEntries(
    await Promise.all(
      images.map(async (image) => [image, await tagsOf(registryHost, `${namespace}/${image}`)] as const),
    ),
  );
}

function release(version: string, registry: string, extra: NodeJS.ProcessEnv = {}, args: string[] = []) {
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
  return runCli(["release", "--workspace", workspace.dir, "--registry", registry, ...args], env);
}

beforeAll(async () => {
  workspace = await copyWorkspace();
  // The fixture agents inherit USER from the base, which the policy rule cannot see through ${BASE_IMAGE}.
  if (!existsSync(join(workspace.dir, ".hadolint.yaml")))
    writeFileSync(join(workspace.dir, ".hadolint.yaml"), "failure-threshold: error\nignored:\n  - IMG001\n");
  await exec(["git", "-c", "user.name=itg", "-c", "user.email=itg@example.invalid", "commit", "-qam", "lint config"], {
    cwd: workspace.dir,
    check: false,
  });
  sha = (await exec(["git", "rev-parse", "HEAD"], { cwd: workspace.dir })).stdout.trim();
  files = mkdtempSync(join(tmpdir(), "release-itg-"));
  // Actions always has an event payload; its repository description becomes the OCI description label.
  writeFileSync(
    join(files, "event.json"),
    JSON.stringify({
      repository: {
        name: "fixture-images",
        description: "Fixture python agent images",
        default_branch: "main",
        html_url: "https://github.com/acme/fixture-images",
      },
    }),
  );
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
    const index = (await (
      await fetch(`http://${registryHost}/v2/${namespace}/api/manifests/1.2.3`, {
        headers: { accept: "application/vnd.oci.image.index.v1+json" },
      })
    ).json()) as { manifests?: { annotations?: Record<string, string> }[] };
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
    writeFileSync(
      spec,
      original.replace(/commandTests:\n/, 'commandTests:\n  - name: made to fail\n    command: "false"\n'),
    );
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
    expect(result.stderr).toMatch(
      /a release needs a semver tag such as v1\.2\.3 \(ref refs\/tags\/v1\.2\.3\), got "refs\/tags\/v1\.3"/,
    );
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
    expect(result.stderr).toMatch(/release stopped while tagging .*failed: .*(ECONNRESET|ECONNREFUSED)/);
    expect(result.stderr).toMatch(/tags of this release in the registry: none/);
    // It is gone: the report does not guess what the read-back could not see.
    expect(result.stderr).toMatch(
      /could not be read back \(the registry did not answer\): .*\/python-agent-base:1\.2\.3/,
    );
    const state = await registryState(namespace);
    expect(
      Object.values(state).every((tags) => Object.keys(tags).length === 0),
      JSON.stringify(state),
    ).toBe(true);
  } finally {
    proxy.close();
  }
});

/** GITHUB_OUTPUT's heredoc format → the `result` output, parsed. */
function resultOutput(): {
  tags: { reference: string; now: string | null; outcome: string }[];
  staging: { left: string[] } | null;
} {
  const match = /^result<<(\S+)\n([\s\S]*?)\n\1$/m.exec(readFileSync(join(files, "output"), "utf8"));
  return JSON.parse(match?.[2] ?? "null") as ReturnType<typeof resultOutput>;
}

/** Every tag in the release repositories and the staging ones, as `host/repo:tag` → digest, read directly. */
async function flatState(
  host: string,
  namespace: string,
): Promise<{ release: Record<string, string>; staging: Record<string, string> }> {
  const read = async (prefix: string): Promise<Record<string, string>> => {
    const entries = await Promise.all(
      images.map(async (image) =>
        Object.entries(await tagsOf(registryHost, `${prefix}/${image}`)).map(
          ([tag, digest]) => [`${host}/${prefix}/${image}:${tag}`, digest] as const,
        ),
      ),
    );
    return Object.fromEntries(entries.flat());
  };
  return { release: await read(namespace), staging: await read(`${namespace}/release-staging`) };
}

describe("a registry that refuses DELETE, with the fourth tag move failing", () => {
  const namespace = uniqueName("itg-release-nodelete");
  namespaces.push(namespace);

  test("printed report, JSON report and the registry's tag lists agree; a rerun completes the release", async () => {
    const moves: string[] = [];
    const proxy = await registryProxy((incoming) => {
      if (isDelete(incoming)) return "refuse";
      const url = incoming.url ?? "";
      if (!isTagPut(incoming) || url.includes("release-staging")) return "pass";
      if (!moves.includes(url)) moves.push(url);
      return moves.indexOf(url) === 3 ? "fail" : "pass";
    });
    try {
      const failed = await release("v1.1.0", `${proxy.host}/${namespace}`, { IMAGES_RELEASE_RETRIES: "2" }, ["--json"]);
      expect(failed.exitCode, failed.stderr).toBe(1);
      expect(failed.stderr).toMatch(/rollback: a new tag CANNOT be removed \(the registry refuses DELETE\)/);
      expect(failed.stderr).toMatch(/release stopped while tagging .*answered 500/);
      const { release: tags, staging } = await flatState(proxy.host, namespace);
      // The three tags that went in before the failure stay (no DELETE), and every report says exactly that.
      expect(Object.keys(tags)).toHaveLength(3);
      const printed = /tags of this release in the registry: (.*)/.exec(failed.stderr)?.[1]?.split(", ").sort();
      expect(printed).toEqual(Object.keys(tags).sort());
      expect(
        /new tags left pointing at this partial release \(the registry refuses DELETE\): (.*)/
          .exec(failed.stderr)?.[1]
          ?.split(", ")
          .sort(),
      ).toEqual(Object.keys(tags).sort());
      const json = resultOutput();
      expect(JSON.parse(failed.stdout)).toEqual(json);
      expect(
        json.tags
          .filter((tag) => tag.outcome === "released")
          .map((tag) => tag.reference)
          .sort(),
      ).toEqual(Object.keys(tags).sort());
      for (const tag of json.tags) expect(tag.now, tag.reference).toBe(tags[tag.reference] ?? null);
      // Staging could not be cleaned either: what the report says is left is what is there.
      expect([...(json.staging?.left ?? [])].sort()).toEqual(Object.keys(staging).sort());
    } finally {
      proxy.close();
    }
    const healthy = await registryProxy((incoming) => (isDelete(incoming) ? "refuse" : "pass"));
    try {
      const rerun = await release("v1.1.0", `${healthy.host}/${namespace}`, { IMAGES_RELEASE_RETRIES: "2" });
      expect(rerun.exitCode, rerun.stderr).toBe(0);
      const state = await registryState(namespace);
      for (const image of images) {
        expect(Object.keys(state[image] ?? {}).sort(), image).toEqual(
          ["1", "1.1", "1.1.0", "latest", `sha-${sha.slice(0, 7)}`].sort(),
        );
        expect(new Set(Object.values(state[image] ?? {})).size, `${image}: every tag on one digest`).toBe(1);
      }
    } finally {
      healthy.close();
    }
  });
});

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("an unreachable release registry is found before the lint gate and the build", async () => {
  const port = await closedPort();
  const result = await release("v1.2.3", `127.0.0.1:${port}/unreachable`, { IMAGES_RELEASE_RETRIES: "2" });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(
    new RegExp(
      `registry 127\\.0\\.0\\.1:${port} is not reachable .*ECONNREFUSED.*: nothing was linted, built or pushed`,
    ),
  );
  expect(result.stderr).not.toMatch(/── Lint gate|── Build/);
});

test("a release leaves no release-staging tag in the engine", async () => {
  const listed = await exec(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
  const namespacesHere = namespaces.map((namespace) => `/${namespace}/release-staging/`);
  expect(listed.stdout.split("\n").filter((ref) => namespacesHere.some((part) => ref.includes(part)))).toEqual([]);
});
