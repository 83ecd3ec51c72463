import { beforeEach, expect, test } from "vitest";
import { promote } from "../../../scripts/release/promote.ts";
import { RegistryClient } from "../../../scripts/registry/client.ts";
import { FakeRegistry } from "./fake-registry.ts";

let registry: FakeRegistry;
let client: RegistryClient;
let index: string;
let layers: string[];

const image = "application/vnd.oci.image.manifest.v1+json";

/** A staged two-manifest index (image + attestation) like buildx pushes, with its blobs. */
function stage(): void {
  layers = ["config", "layer-1", "layer-2", "provenance"].map((content) =>
    registry.addBlob("ns/release-staging/api", content),
  );
  const [config = "", one = "", two = "", provenance = ""] = layers;
  const amd64 = registry.addManifest(
    "ns/release-staging/api",
    {
      schemaVersion: 2,
      mediaType: image,
      config: { digest: config, size: 6 },
      layers: [
        { digest: one, size: 7 },
        { digest: two, size: 7 },
      ],
    },
    image,
  );
  const attestation = registry.addManifest(
    "ns/release-staging/api",
    {
      schemaVersion: 2,
      mediaType: image,
      config: { digest: config, size: 6 },
      layers: [{ digest: provenance, size: 10 }],
    },
    image,
  );
  index = registry.addManifest("ns/release-staging/api", {
    schemaVersion: 2,
    manifests: [
      { digest: amd64, platform: { os: "linux", architecture: "amd64" } },
      { digest: attestation, platform: { os: "unknown", architecture: "unknown" } },
    ],
  });
}

beforeEach(() => {
  registry = new FakeRegistry();
  registry.checkBlobs = true;
  client = new RegistryClient({
    host: "127.0.0.1:5000",
    fetch: registry.fetch,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
  });
  stage();
});

const item = () => ({ target: "api", from: "ns/release-staging/api", to: "ns/api", digest: index });

test("copies blobs, then child manifests, then the index, all by digest and with no tag", async () => {
  await promote(client, item());
  expect(registry.manifests.has(`ns/api@${index}`)).toBe(true);
  for (const blob of layers) expect(registry.blobs.has(`ns/api@${blob}`)).toBe(true);
  expect(registry.tagsOf("ns/api")).toEqual({});
  expect(registry.requests.filter((line) => line.startsWith("POST"))).toHaveLength(4);
});

test("without cross-repository mounts the bytes are copied through", async () => {
  registry.mountable = false;
  await promote(client, item());
  expect(registry.manifests.has(`ns/api@${index}`)).toBe(true);
  expect(registry.requests.filter((line) => line.startsWith("PUT /v2/ns/api/blobs/uploads/"))).toHaveLength(4);
});

test("a digest already in the release repository is not copied again", async () => {
  await promote(client, item());
  const before = registry.requests.length;
  await promote(client, item());
  expect(registry.requests.slice(before)).toEqual([`HEAD /v2/ns/api/manifests/${index}`]);
});

test("a staged digest that is gone is an error naming it", async () => {
  await expect(promote(client, { ...item(), digest: "sha256:0000" })).rejects.toThrow(
    "127.0.0.1:5000/ns/release-staging/api@sha256:0000 is not in the staging repository",
  );
});
