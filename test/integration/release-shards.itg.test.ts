// A release split across "runners" for real: the fixture workspace planned as a matrix, every shard
// run as a separate CLI process in parallel (each in its own checkout, so its own cache folder)
// against the local registry, then the promotion. Then the same with one shard killed midway:
// nothing is promoted, no release tag exists, and the report names the shard.
// The shards build this machine's platform: foreign ones would run under QEMU here, which is slow;
// the plan and release.yml are what native runners run (unit tests cover the arm64 matrix).
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nativePlatformOf } from "../../scripts/plan/platforms.ts";
import { exec } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { planMatrix, promote, runnerCheckout, runShard, triggerEnv, type ReleaseTrigger } from "./release-shards.ts";
import { copyWorkspace, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

const images = ["python-agent-base", "echo-agent", "notes-agent", "api"];
const platform = nativePlatformOf(process.platform, process.arch);
const slug = platform.replace("/", "-");
const accept = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

let workspace: WorkspaceCopy;
let files: string;
let trigger: ReleaseTrigger;
const namespaces: string[] = [];
const checkouts: (() => void)[] = [];

async function tagsOf(repository: string): Promise<Record<string, string>> {
  const list = await fetch(`http://${registryHost}/v2/${repository}/tags/list`);
  if (list.status === 404) return {};
  const tags = ((await list.json()) as { tags: string[] | null }).tags ?? [];
  const heads = await Promise.all(
    tags.map(
      async (tag) =>
        [
          tag,
          (
            await fetch(`http://${registryHost}/v2/${repository}/manifests/${tag}`, {
              method: "HEAD",
              headers: { accept },
            })
          ).headers.get("docker-content-digest") ?? "",
        ] as const,
    ),
  );
  return Object.fromEntries(heads);
}

async function releaseTags(namespace: string): Promise<Record<string, Record<string, string>>> {
  return Object.fromEntries(
    await Promise.all(images.map(async (image) => [image, await tagsOf(`${namespace}/${image}`)] as const)),
  );
}

/** The platforms of the index a tag points at, attestations left out. */
async function indexPlatforms(repository: string, tag: string): Promise<string[]> {
  const response = await fetch(`http://${registryHost}/v2/${repository}/manifests/${tag}`, { headers: { accept } });
  const index = (await response.json()) as {
    mediaType?: string;
    manifests?: { platform?: { os?: string; architecture?: string } }[];
  };
  expect(index.mediaType, `${repository}:${tag}`).toBe("application/vnd.oci.image.index.v1+json");
  return (index.manifests ?? [])
    .map((entry) => `${entry.platform?.os ?? ""}/${entry.platform?.architecture ?? ""}`)
    .filter((name) => !name.startsWith("unknown"));
}

beforeAll(async () => {
  workspace = await copyWorkspace();
  // The fixture agents inherit USER from the base, which the policy rule cannot see through ${BASE_IMAGE}.
  writeFileSync(join(workspace.dir, ".hadolint.yaml"), "failure-threshold: error\nignored:\n  - IMG001\n");
  await exec(["git", "-c", "user.name=itg", "-c", "user.email=itg@example.invalid", "add", "-A"], {
    cwd: workspace.dir,
  });
  await exec(["git", "-c", "user.name=itg", "-c", "user.email=itg@example.invalid", "commit", "-qm", "lint config"], {
    cwd: workspace.dir,
  });
  files = mkdtempSync(join(tmpdir(), "release-shards-itg-"));
  writeFileSync(
    join(files, "event.json"),
    JSON.stringify({
      repository: {
        name: "fixture-images",
        default_branch: "main",
        html_url: "https://github.com/acme/fixture-images",
      },
    }),
  );
  const sha = (await exec(["git", "rev-parse", "HEAD"], { cwd: workspace.dir })).stdout.trim();
  trigger = { version: "v1.2.3", sha, eventFile: join(files, "event.json") };
});

afterAll(async () => {
  for (const remove of checkouts) remove();
  workspace.remove();
  rmSync(files, { recursive: true, force: true });
  for (const namespace of namespaces) {
    for (const repository of images.flatMap((image) => [
      `${namespace}/${image}`,
      `${namespace}/release-staging/${slug}/${image}`,
    ])) {
      for (const digest of new Set(Object.values(await tagsOf(repository))))
        await fetch(`http://${registryHost}/v2/${repository}/manifests/${digest}`, { method: "DELETE" });
    }
  }
});

/** A fresh namespace, results folder and checkout per shard. */
function setUp(prefix: string): { registry: string; namespace: string; results: string; checkout: () => string } {
  const namespace = uniqueName(prefix);
  namespaces.push(namespace);
  const results = join(files, namespace);
  const checkout = (): string => {
    const copy = runnerCheckout(workspace.dir);
    checkouts.push(copy.remove);
    return copy.dir;
  };
  return { registry: `${registryHost}/${namespace}`, namespace, results, checkout };
}

describe(`plan --matrix → shards in parallel → --promote (${platform})`, () => {
  test("every image's release tags point at an index with every planned platform; staging is emptied", async () => {
    const matrix = await planMatrix(workspace.dir, platform);
    expect(matrix.map((entry) => entry.shard)).toEqual([
      `python-agent-base+echo-agent.${slug}`,
      `notes-agent.${slug}`,
      `api.${slug}`,
    ]);
    const run = setUp("itg-shards");
    const env = triggerEnv(trigger);
    const started = Date.now();
    // On the engine's own builder, named: its driver (docker) is read from buildx and cannot push by digest.
    const shards = await Promise.all(
      matrix.map((entry) =>
        runShard({
          workspace: run.checkout(),
          registry: run.registry,
          platform,
          shard: entry.shard,
          results: join(run.results, `shard-${entry.shard}`),
          env,
          builder: "default",
        }),
      ),
    );
    const shardMs = Date.now() - started;
    for (const [index, result] of shards.entries()) {
      const shard = matrix[index]?.shard ?? "";
      expect(result.exitCode, `${shard}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toContain("builder default (driver docker; features as buildx reports them)");
      expect(result.stderr).toContain("release push: staging tags (the docker driver cannot push by digest)");
      const written = JSON.parse(readFileSync(join(run.results, `shard-${shard}`, `${shard}.json`), "utf8")) as {
        status: string;
        push: string;
        platform: string;
      };
      expect(written, shard).toMatchObject({ status: "passed", push: "tags", platform });
    }
    // Nothing is in a release repository before the promotion: shards only stage.
    expect(Object.values(await releaseTags(run.namespace)).every((tags) => Object.keys(tags).length === 0)).toBe(true);
    const promoted = await promote({
      workspace: workspace.dir,
      registry: run.registry,
      platform,
      results: run.results,
      env,
    });
    expect(promoted.exitCode, promoted.stderr).toBe(0);
    console.log(
      `sharded release of the fixture: ${matrix.length} shards in parallel ${(shardMs / 1000).toFixed(1)} s, ` +
        `promotion ${((Date.now() - started - shardMs) / 1000).toFixed(1)} s`,
    );
    const state = await releaseTags(run.namespace);
    for (const image of images) {
      const tags = state[image] ?? {};
      expect(Object.keys(tags).sort(), image).toEqual(
        ["1", "1.2", "1.2.3", "latest", `sha-${trigger.sha.slice(0, 7)}`].sort(),
      );
      expect(new Set(Object.values(tags)).size, `${image}: every tag on one digest`).toBe(1);
      expect(await indexPlatforms(`${run.namespace}/${image}`, "1.2.3"), image).toEqual([platform]);
      expect(
        await tagsOf(`${run.namespace}/release-staging/${slug}/${image}`),
        `${image}: staged tags removed`,
      ).toEqual({});
    }
    const engineTags = await exec(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
    expect(engineTags.stdout.split("\n").filter((ref) => ref.includes(`/${run.namespace}/release-staging/`))).toEqual(
      [],
    );
  });
});

describe("one shard killed midway", () => {
  test("nothing is promoted, no release tag exists, and the report names the shard", async () => {
    const matrix = await planMatrix(workspace.dir, platform);
    const victim = `notes-agent.${slug}`;
    const run = setUp("itg-shards-killed");
    const env = triggerEnv({ ...trigger, version: "v1.3.0" });
    let killedAt: string | undefined;
    const shards = await Promise.all(
      matrix.map((entry) => {
        let pid: number | undefined;
        const onStderr = (chunk: string): void => {
          // Midway: the lint gate passed and the build has started.
          if (entry.shard !== victim || killedAt || !chunk.includes("── Build for") || pid === undefined) return;
          killedAt = chunk.slice(chunk.indexOf("── Build for")).split("\n")[0];
          process.kill(-pid, "SIGTERM");
        };
        return runShard({
          workspace: run.checkout(),
          registry: run.registry,
          platform,
          shard: entry.shard,
          results: join(run.results, `shard-${entry.shard}`),
          env,
          onStderr,
          onPid: (started) => (pid = started),
        });
      }),
    );
    expect(killedAt, "the victim was signalled during its build").toBeDefined();
    for (const [index, result] of shards.entries()) {
      const shard = matrix[index]?.shard;
      if (shard === victim) expect(result.exitCode, result.stderr).toBe(130);
      else expect(result.exitCode, `${shard}: ${result.stderr}`).toBe(0);
    }
    const promoted = await promote({
      workspace: workspace.dir,
      registry: run.registry,
      platform,
      results: run.results,
      env,
    });
    expect(promoted.exitCode).toBe(1);
    expect(promoted.stderr).toContain(
      "error: release 1.3.0 stopped before promoting anything: the shards did not all succeed (3 planned):",
    );
    expect(promoted.stderr).toMatch(new RegExp(`\\n {2}${victim.replace(/[.+]/g, "\\$&")} failed: .*interrupted`));
    expect(promoted.stderr).toContain("nothing was promoted and no tag was moved");
    const state = await releaseTags(run.namespace);
    expect(
      Object.values(state).every((tags) => Object.keys(tags).length === 0),
      JSON.stringify(state),
    ).toBe(true);

    // A runner that vanished leaves no result at all: the promotion names the shard just the same.
    const resultFile = join(run.results, `shard-${victim}`, `${victim}.json`);
    expect(existsSync(resultFile)).toBe(true);
    expect(JSON.parse(readFileSync(resultFile, "utf8"))).toMatchObject({ shard: victim, status: "failed" });
    unlinkSync(resultFile);
    const again = await promote({
      workspace: workspace.dir,
      registry: run.registry,
      platform,
      results: run.results,
      env,
    });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`  ${victim} did not report (no result: it was cancelled, killed or never ran)`);
    expect(Object.values(await releaseTags(run.namespace)).every((tags) => Object.keys(tags).length === 0)).toBe(true);
  });
});
