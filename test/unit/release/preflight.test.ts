// The registry check before the build and the staging cleanup, against the in-memory registry.
import { beforeEach, describe, expect, test } from "vitest";
import { RegistryClient } from "../../../scripts/registry/client.ts";
import { checkRegistry, describeCheck } from "../../../scripts/release/preflight.ts";
import type { ReleasePlan } from "../../../scripts/release/release-plan.ts";
import { cleanStaging, localStagingRefs, stagedImages, untagArgv } from "../../../scripts/release/staging.ts";
import { FakeRegistry } from "./fake-registry.ts";

const plan: ReleasePlan = {
  version: "1.2.3",
  prerelease: false,
  registry: { host: "127.0.0.1:5000", namespace: "ns" },
  platforms: ["linux/amd64"],
  nativePlatform: "linux/amd64",
  attest: "provenance",
  images: ["api", "web"].map((target) => ({
    target,
    repository: { host: "127.0.0.1:5000", repository: `ns/${target}` },
    tags: ["1.2.3", "latest"],
    specFile: `/ws/${target}/smoke.yaml`,
  })),
};

let registry: FakeRegistry;
let client: RegistryClient;

beforeEach(() => {
  registry = new FakeRegistry();
  client = new RegistryClient({
    host: "127.0.0.1:5000",
    fetch: registry.fetch,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
  });
});

describe("checkRegistry", () => {
  test(
    "records every tag as it is, and the DELETEs the registry " + "allows (distribution 2.x: by digest only)",
    async () => {
      const old = registry.addManifest("ns/api", { old: true });
      registry.tag("ns/api", "latest", old);
      const check = await checkRegistry(client, plan);
      expect(check).toMatchObject({ deleteByTag: false, deleteByDigest: true, repositories: 4, credentials: false });
      expect(check.before.map((record) => [record.repository, record.tag, record.before])).toEqual([
        ["ns/api", "1.2.3", null],
        ["ns/api", "latest", old],
        ["ns/web", "1.2.3", null],
        ["ns/web", "latest", null],
      ]);
      expect(describeCheck(check, plan)).toContain(
        "rollback: a new tag is deleted by digest (other tags on that digest are put back)",
      );
    },
  );

  test("a registry that refuses DELETE is found before the build, and the log says what that means", async () => {
    registry.refuseDelete = true;
    const check = await checkRegistry(client, plan);
    expect(check).toMatchObject({ deleteByTag: false, deleteByDigest: false });
    const text = describeCheck(check, plan).join("\n");
    expect(text).toMatch(
      /a new tag CANNOT be removed \(the registry refuses DELETE\).*a rerun finishes the release\nstaging: /,
    );
    expect(text).toContain(
      "\nstaging: the staged tags in 127.0.0.1:5000/ns/release-staging/* cannot be deleted (listed at the end)",
    );
  });

  test("a shard checks push to its platform's staging, which it leaves for the promotion", async () => {
    const shard = { ...plan, shard: { id: "api+web.linux-arm64", platform: "linux/arm64", dependencies: [] } };
    const check = await checkRegistry(client, shard);
    expect(registry.requests.filter((line) => line.startsWith("POST")).map((line) => line.split("/blobs")[0])).toEqual([
      "POST /v2/ns/api",
      "POST /v2/ns/web",
      "POST /v2/ns/release-staging/linux-arm64/api",
      "POST /v2/ns/release-staging/linux-arm64/web",
    ]);
    expect(describeCheck(check, shard)).toContain(
      "staging: this shard's images stay in " +
        "127.0.0.1:5000/ns/release-staging/linux-arm64/* for the promotion, " +
        "which deletes their tags",
    );
  });

  test("an unreachable registry fails at once with what to do, before anything is built", async () => {
    registry.fail(() => true, "network");
    await expect(checkRegistry(client, plan)).rejects.toThrow(
      new RegExp(
        String.raw`^registry 127\.0\.0\.1:5000 is not reachable \(GET http://127\.0\.0\.1:5000/v2/ failed: ` +
          String.raw`fetch failed .*\): nothing was linted, built or pushed$`,
      ),
    );
  });

  test("a repository we may not push to fails the check, naming it", async () => {
    registry.readOnly.add("ns/release-staging/web");
    await expect(checkRegistry(client, plan)).rejects.toThrow(
      /does not let us push to 127\.0\.0\.1:5000\/ns\/release-staging\/web: nothing was linted/,
    );
  });

  test("credentials the registry refuses fail the check", async () => {
    registry.fail((_method, path) => path === "/v2/", 401);
    await expect(checkRegistry(client, plan)).rejects.toThrow(
      /registry 127\.0\.0\.1:5000 refused anonymous access \(no credentials found\) \(HTTP 401\)/,
    );
  });
});

describe("staging", () => {
  test("the staged repositories and the local tags the smoke build left", () => {
    expect(stagedImages(plan)).toEqual([
      { repository: "ns/release-staging/api", tags: ["1.2.3", "latest"] },
      { repository: "ns/release-staging/web", tags: ["1.2.3", "latest"] },
    ]);
    expect(untagArgv(localStagingRefs(plan))).toEqual([
      "docker",
      "image",
      "rm",
      "127.0.0.1:5000/ns/release-staging/api:1.2.3",
      "127.0.0.1:5000/ns/release-staging/api:latest",
      "127.0.0.1:5000/ns/release-staging/web:1.2.3",
      "127.0.0.1:5000/ns/release-staging/web:latest",
    ]);
  });

  test("staged tags are deleted (by digest on distribution 2.x) and read back", async () => {
    const staged = registry.addManifest("ns/release-staging/api", { staged: 1 });
    for (const tag of ["1.2.3", "latest", "0.9.0"]) registry.tag("ns/release-staging/api", tag, staged);
    const cleanup = await cleanStaging(client, stagedImages(plan));
    expect(cleanup).toEqual({ removed: ["127.0.0.1:5000/ns/release-staging/api:1.2.3"], left: [], unknown: [] });
    expect(registry.tagsOf("ns/release-staging/api")).toEqual({});
  });

  test("where the registry refuses DELETE, the staged tags are reported as left, not as removed", async () => {
    registry.refuseDelete = true;
    const staged = registry.addManifest("ns/release-staging/web", { staged: 2 });
    registry.tag("ns/release-staging/web", "latest", staged);
    expect(await cleanStaging(client, stagedImages(plan))).toEqual({
      removed: [],
      left: ["127.0.0.1:5000/ns/release-staging/web:latest"],
      unknown: [],
    });
  });
});
