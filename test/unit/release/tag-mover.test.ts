import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, test } from "vitest";
import { RegistryClient } from "../../../scripts/registry/client.ts";
import { moveTags, type TagAssignment } from "../../../scripts/release/tag-mover.ts";
import { FakeRegistry } from "./fake-registry.ts";

const index = JSON.parse(
  readFileSync(new URL("../../fixtures/release/index.oci.json", import.meta.url), "utf8"),
) as Record<string, unknown>;
const release = ["1.2.3", "1.2", "1", "latest", "sha-9a8b7c6"];

let registry: FakeRegistry;
let client: RegistryClient;
let apiNew: string;
let apiOld: string;
let webNew: string;

/** Distinct manifests per image and build: the same index with a different annotation. */
function push(repository: string, build: string): string {
  return registry.addManifest(repository, { ...index, annotations: { build } });
}

/** The error a promise rejects with; a resolved promise fails the test. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => Promise.reject(new Error("expected a rejection")),
    (error: unknown) => error as Error,
  );
}

function assignments(): TagAssignment[] {
  return [
    { target: "api", repository: "rel/api", digest: apiNew, tags: release },
    { target: "web", repository: "rel/web", digest: webNew, tags: release },
  ];
}

beforeEach(() => {
  registry = new FakeRegistry();
  client = new RegistryClient({
    host: "127.0.0.1:5000",
    fetch: registry.fetch,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
  });
  apiOld = push("rel/api", "1.1.0");
  for (const tag of ["1.1.0", "1.1", "1", "latest"]) registry.tag("rel/api", tag, apiOld);
  apiNew = push("rel/api", "1.2.3");
  webNew = push("rel/web", "1.2.3");
});

describe("a release that goes through", () => {
  test("points every tag at its digest and records what each tag pointed at", async () => {
    const result = await moveTags(client, assignments());
    expect(registry.tagsOf("rel/web")).toEqual(Object.fromEntries(release.map((tag) => [tag, webNew])));
    expect(registry.tagsOf("rel/api")).toMatchObject({
      "1.1.0": apiOld,
      "1.1": apiOld,
      "1": apiNew,
      latest: apiNew,
      "1.2.3": apiNew,
    });
    expect(
      result.changes.filter((change) => change.previous).map((change) => `${change.repository}:${change.tag}`),
    ).toEqual(["rel/api:1", "rel/api:latest"]);
  });

  test("a second run changes nothing and puts nothing", async () => {
    await moveTags(client, assignments());
    const before = registry.requests.length;
    const result = await moveTags(client, assignments());
    expect(result.changes.every((change) => change.status === "unchanged")).toBe(true);
    expect(registry.requests.slice(before).filter((line) => line.startsWith("PUT"))).toEqual([]);
  });
});

describe("all or nothing", () => {
  test("a digest that is not in the registry stops everything before any tag moves", async () => {
    registry.manifests.delete(`rel/web@${webNew}`);
    await expect(moveTags(client, assignments())).rejects.toThrow(
      /before moving any tag: 127\.0\.0\.1:5000\/rel\/web@sha256:[0-9a-f]{64} is not in the registry/,
    );
    expect(registry.requests.filter((line) => line.startsWith("PUT"))).toEqual([]);
  });

  test("a tag that cannot be put rolls back every moved tag, keeping tags that were already there", async () => {
    registry.tag("rel/api", "sha-9a8b7c6", apiNew);
    const before = { api: registry.tagsOf("rel/api"), web: registry.tagsOf("rel/web") };
    registry.fail((method, path) => method === "PUT" && path.endsWith("/rel/web/manifests/1"), 503);
    const error = await failure(moveTags(client, assignments()));
    expect(error.message).toMatch(/^release stopped while tagging 127\.0\.0\.1:5000\/rel\/web:1: /);
    expect(error.message).toContain("web:1: PUT http://127.0.0.1:5000/v2/rel/web/manifests/1 answered 503");
    expect(error.message).toContain("tags of this release in the registry: 127.0.0.1:5000/rel/api:sha-9a8b7c6\n");
    expect(error.message).toContain(
      "NOT in the registry: 127.0.0.1:5000/rel/api:1.2.3, " +
        "127.0.0.1:5000/rel/api:1.2, 127.0.0.1:5000/rel/api:1, " +
        "127.0.0.1:5000/rel/api:latest, 127.0.0.1:5000/rel/web:1.2.3,",
    );
    expect(error.message).toContain("read back from the registry after the failure (10 of 10):");
    expect(error.message).toContain("tags that existed before and point at their previous digest again: 2");
    expect({ api: registry.tagsOf("rel/api"), web: registry.tagsOf("rel/web") }).toEqual(before);
  });

  test("registries that delete by tag are asked to, and no digest is deleted", async () => {
    registry.deleteByTag = true;
    registry.fail((method, path) => method === "PUT" && path.endsWith("/rel/web/manifests/latest"), 503);
    await expect(moveTags(client, assignments())).rejects.toThrow(/release stopped/);
    expect(registry.requests.filter((line) => line.startsWith("DELETE") && line.includes("sha256:"))).toEqual([]);
    expect(registry.tagsOf("rel/web")).toEqual({});
    expect(registry.manifests.has(`rel/web@${webNew}`)).toBe(true);
  });

  test(
    "a registry that goes away mid-release: the tags that could " + "not be read back are named, not guessed",
    async () => {
      let puts = 0;
      registry.fail((method) => (method === "PUT" ? ++puts > 2 : puts > 2), "network");
      const error = await failure(moveTags(client, assignments()));
      expect(error.message).toMatch(
        /release stopped while tagging 127\.0\.0\.1:5000\/rel\/api:1\.2\.3: .*fetch failed/,
      );
      expect(error.message).toContain("read back from the registry after the failure (0 of 10):");
      expect(error.message).toContain("tags of this release in the registry: none\n");
      const unread = String.raw`could not be read back \(the registry did not answer\): `;
      expect(error.message).toMatch(
        new RegExp(String.raw`${unread}127\.0\.0\.1:5000/rel/api:1\.2\.3, .*/rel/web:sha-9a8b7c6$`, "m"),
      );
    },
  );

  test("tags that existed move first, so a failure among them leaves nothing a DELETE would have to undo", async () => {
    registry.refuseDelete = true;
    registry.fail((method, path) => method === "PUT" && path.endsWith("/rel/api/manifests/latest"), 503);
    const error = await failure(moveTags(client, assignments()));
    expect(error.message).toContain(
      "read back from the registry after the failure: all 10 tags of this release are as they were before it",
    );
    expect(registry.tagsOf("rel/web")).toEqual({});
    expect(registry.tagsOf("rel/api")).toEqual({ "1.1.0": apiOld, "1.1": apiOld, "1": apiOld, latest: apiOld });
  });
});

describe("a registry that refuses DELETE (GHCR, Docker Hub)", () => {
  beforeEach(() => {
    registry.refuseDelete = true;
    let newTagPuts = 0;
    // The fourth new tag's PUT fails for good: api 1.2.3, 1.2, sha-… and web 1.2.3 went in before it.
    registry.fail(
      (method, path) => method === "PUT" && /\/manifests\/(1\.2\.3|1\.2|sha-9a8b7c6)$/.test(path) && ++newTagPuts === 4,
      503,
      1,
    );
    registry.fail((method, path) => method === "PUT" && path.endsWith("/rel/web/manifests/1.2.3"), 503);
  });

  test("the report says which new tags stay, matching the registry read back tag for tag", async () => {
    const error = await failure(moveTags(client, assignments()));
    const inRegistry = /tags of this release in the registry: (.*)/.exec(error.message)?.[1]?.split(", ").sort();
    const actual = [
      ...Object.entries(registry.tagsOf("rel/api")),
      ...Object.entries(registry.tagsOf("rel/web")),
    ].filter(([, digest]) => digest === apiNew || digest === webNew);
    expect(inRegistry).toEqual([
      "127.0.0.1:5000/rel/api:1.2",
      "127.0.0.1:5000/rel/api:1.2.3",
      "127.0.0.1:5000/rel/api:sha-9a8b7c6",
    ]);
    expect(actual.map(([tag]) => `127.0.0.1:5000/rel/api:${tag}`).sort()).toEqual(inRegistry);
    expect(error.message).toContain(
      "new tags left pointing at this partial release (the registry refuses DELETE): 127.0.0.1:5000/rel/api:1.2.3",
    );
    expect(error.message).toContain("tags that existed before and point at their previous digest again: 2");
    expect(registry.tagsOf("rel/api")).toMatchObject({ "1": apiOld, latest: apiOld });
    expect(registry.requests.filter((line) => line.startsWith("DELETE")).length).toBeGreaterThan(0);
  });

  test("the error carries every tag as read back, and a rerun finishes the release", async () => {
    const error = await failure(moveTags(client, assignments()));
    const records = (error as Error & { tags: { repository: string; tag: string; now?: string | null }[] }).tags;
    for (const record of records)
      expect(record.now ?? null, `${record.repository}:${record.tag}`).toBe(
        registry.tagsOf(record.repository)[record.tag] ?? null,
      );
    registry.heal();
    await moveTags(client, assignments());
    expect(registry.tagsOf("rel/web")).toEqual(Object.fromEntries(release.map((tag) => [tag, webNew])));
    expect(registry.tagsOf("rel/api")).toMatchObject({
      "1.2.3": apiNew,
      "1.2": apiNew,
      "1": apiNew,
      latest: apiNew,
      "1.1.0": apiOld,
    });
  });
});

describe("a rerun of the same release", () => {
  type Entry = { digest: string; platform: { os: string; architecture: string }; annotations?: Record<string, string> };
  const entries = (index as { manifests: Entry[] }).manifests;
  /** The same images with a provenance manifest from another run (BuildKit records when it ran). */
  const rerunOf = (provenance: string, image = entries[0]?.digest): string =>
    registry.addManifest("rel/web", {
      ...index,
      manifests: [
        { ...entries[0], digest: image },
        { ...entries[1], digest: provenance },
      ],
    });

  test("an index with the same images and new attestations keeps the digest the tags hold", async () => {
    await moveTags(client, assignments());
    const rerun = rerunOf(`sha256:${"e".repeat(64)}`);
    const log: string[] = [];
    const result = await moveTags(
      client,
      [{ target: "web", repository: "rel/web", digest: rerun, tags: release }],
      (line) => log.push(line),
    );
    expect(result.changes.map((change) => [change.digest, change.status])).toEqual(
      release.map(() => [webNew, "unchanged"]),
    );
    expect(registry.tagsOf("rel/web")).toEqual(Object.fromEntries(release.map((tag) => [tag, webNew])));
    expect(log.join("\n")).toMatch(/rel\/web:1\.2\.3 already holds these images .* only the attestations differ/);
  });

  test("different images move the tags as usual", async () => {
    await moveTags(client, assignments());
    const rebuilt = rerunOf(`sha256:${"e".repeat(64)}`, `sha256:${"d".repeat(64)}`);
    const result = await moveTags(client, [{ target: "web", repository: "rel/web", digest: rebuilt, tags: release }]);
    expect(result.changes.every((change) => change.digest === rebuilt && change.status === "moved")).toBe(true);
  });
});
