// Assembling one image's index from the digests its shards staged, against the in-memory registry:
// what buildx pushes per platform (an index of the image and its provenance attestation).
import { beforeEach, expect, test } from "vitest";
import {
  assembleImage,
  indexManifest,
  missingParts,
  ociIndex,
  partEntries,
} from "../../../scripts/release/assemble.ts";
import type { StagedPart } from "../../../scripts/release/shard-collate.ts";
import { RegistryClient } from "../../../scripts/registry/client.ts";
import { FakeRegistry } from "./fake-registry.ts";

const image = "application/vnd.oci.image.manifest.v1+json";
let registry: FakeRegistry;
let client: RegistryClient;

/** One platform as a shard stages it: image + attestation under an index, with their blobs. */
function stage(repository: string, arch: string): { index: string; image: string; attestation: string } {
  const [config = "", layer = "", provenance = ""] = [`config-${arch}`, `layer-${arch}`, `provenance-${arch}`].map(
    (content) => registry.addBlob(repository, content),
  );
  const imageDigest = registry.addManifest(
    repository,
    { schemaVersion: 2, mediaType: image, config: { digest: config, size: 10 }, layers: [{ digest: layer, size: 9 }] },
    image,
  );
  const attestation = registry.addManifest(
    repository,
    {
      schemaVersion: 2,
      mediaType: image,
      config: { digest: config, size: 10 },
      layers: [{ digest: provenance, size: 14 }],
    },
    image,
  );
  const index = registry.addManifest(repository, {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      { mediaType: image, digest: imageDigest, size: 100, platform: { architecture: arch, os: "linux" } },
      {
        mediaType: image,
        digest: attestation,
        size: 90,
        annotations: {
          "vnd.docker.reference.digest": imageDigest,
          "vnd.docker.reference.type": "attestation-manifest",
        },
        platform: { architecture: "unknown", os: "unknown" },
      },
    ],
  });
  return { index, image: imageDigest, attestation };
}

function part(platform: string, staged: string, digest: string): StagedPart {
  return {
    shard: `api.${platform.replace("/", "-")}`,
    platform,
    target: "api",
    staged,
    digest,
    tags: ["1.2.3"],
    smoke: "passed",
    cachedSteps: 1,
    totalSteps: 2,
  };
}

beforeEach(() => {
  registry = new FakeRegistry();
  registry.checkBlobs = true;
  client = new RegistryClient({
    host: "127.0.0.1:5000",
    fetch: registry.fetch,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
  });
});

test(
  "the index lists each platform's image and its attestation, copied " + "into the release repository, untagged",
  async () => {
    const amd64 = stage("ns/release-staging/linux-amd64/api", "amd64");
    const arm64 = stage("ns/release-staging/linux-arm64/api", "arm64");
    const digest = await assembleImage(client, "api", "ns/api", [
      part("linux/amd64", "ns/release-staging/linux-amd64/api", amd64.index),
      part("linux/arm64", "ns/release-staging/linux-arm64/api", arm64.index),
    ]);
    const stored = registry.manifests.get(`ns/api@${digest}`);
    const index = JSON.parse(new TextDecoder().decode(stored?.body)) as {
      mediaType: string;
      manifests: { digest: string; platform: { architecture: string } }[];
    };
    expect(index.mediaType).toBe(ociIndex);
    expect(index.manifests.map((entry) => [entry.digest, entry.platform.architecture])).toEqual([
      [amd64.image, "amd64"],
      [amd64.attestation, "unknown"],
      [arm64.image, "arm64"],
      [arm64.attestation, "unknown"],
    ]);
    for (const child of [amd64.image, amd64.attestation, arm64.image, arm64.attestation])
      expect(registry.manifests.has(`ns/api@${child}`)).toBe(true);
    expect(registry.tagsOf("ns/api")).toEqual({});
  },
);

test("the same parts give the same digest: a rerun of the promotion moves no tag", async () => {
  const amd64 = stage("ns/release-staging/linux-amd64/api", "amd64");
  const parts = [part("linux/amd64", "ns/release-staging/linux-amd64/api", amd64.index)];
  const first = await assembleImage(client, "api", "ns/api", parts);
  const before = registry.requests.length;
  expect(await assembleImage(client, "api", "ns/api", parts)).toBe(first);
  expect(registry.requests.slice(before).filter((line) => line.startsWith("PUT"))).toEqual([]);
});

test("a staged digest that is gone names the shard", async () => {
  await expect(
    assembleImage(client, "api", "ns/api", [
      part("linux/arm64", "ns/release-staging/linux-arm64/api", `sha256:${"1".repeat(64)}`),
    ]),
  ).rejects.toThrow(
    `shard api.linux-arm64 reported ` +
      `127.0.0.1:5000/ns/release-staging/linux-arm64/api@sha256:${"1".repeat(64)}, ` +
      `which is not in the registry`,
  );
});

test("a shard whose digest holds another platform is refused, naming what it holds", async () => {
  const amd64 = stage("ns/release-staging/linux-arm64/api", "amd64");
  await expect(
    assembleImage(client, "api", "ns/api", [part("linux/arm64", "ns/release-staging/linux-arm64/api", amd64.index)]),
  ).rejects.toThrow(/shard api\.linux-arm64 staged sha256:\w+ with no linux\/arm64 image \(it holds linux\/amd64\)/);
});

test("a bare image manifest (no attestation) takes its platform from its config", async () => {
  const repository = "ns/release-staging/linux-arm64/api";
  const config = registry.addBlob(repository, JSON.stringify({ architecture: "arm64", os: "linux", variant: "v8" }));
  const layer = registry.addBlob(repository, "layer");
  const bare = registry.addManifest(
    repository,
    { schemaVersion: 2, mediaType: image, config: { digest: config, size: 50 }, layers: [{ digest: layer, size: 5 }] },
    image,
  );
  const digest = await assembleImage(client, "api", "ns/api", [part("linux/arm64", repository, bare)]);
  const index = JSON.parse(new TextDecoder().decode(registry.manifests.get(`ns/api@${digest}`)?.body)) as {
    manifests: unknown[];
  };
  expect(index.manifests).toEqual([
    {
      mediaType: image,
      digest: bare,
      size: expect.any(Number),
      platform: { os: "linux", architecture: "arm64", variant: "v8" },
    },
  ]);
});

test("partEntries leaves out attestations of other images", () => {
  const body = new TextEncoder().encode(
    JSON.stringify({
      manifests: [
        { digest: "sha256:a", platform: { os: "linux", architecture: "amd64" } },
        {
          digest: "sha256:x",
          annotations: { "vnd.docker.reference.digest": "sha256:other" },
          platform: { os: "unknown", architecture: "unknown" },
        },
      ],
    }),
  );
  expect(
    partEntries(
      { shard: "s", platform: "linux/amd64", digest: "sha256:i" },
      { mediaType: ociIndex, digest: "sha256:i", size: 1, body },
    ).map((entry) => entry.digest),
  ).toEqual(["sha256:a"]);
});

test("indexManifest's digest is the sha256 of its exact bytes", () => {
  const manifest = indexManifest([{ digest: "sha256:a" }]);
  expect(new TextDecoder().decode(manifest.body)).toBe(
    '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"sha256:a"}]}',
  );
  expect(manifest.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
});

test("missingParts names the parts whose digest staging lacks", async () => {
  const amd64 = stage("ns/release-staging/linux-amd64/api", "amd64");
  const present = part("linux/amd64", "ns/release-staging/linux-amd64/api", amd64.index);
  const absent = part("linux/arm64", "ns/release-staging/linux-arm64/api", `sha256:${"2".repeat(64)}`);
  expect(await missingParts(client, [present, absent])).toEqual([absent]);
});
