import { expect, test } from "vitest";
import { existingStandIns } from "../../../scripts/bases/seed-registry.ts";
import { standIns } from "../../../scripts/bases/stand-ins.ts";
import { urlOf } from "../fetch-input.ts";

const debian = standIns.filter((standIn) => standIn.upstream === "debian:bookworm-slim");
const index = {
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [
    { platform: { os: "linux", architecture: "amd64" } },
    { platform: { os: "linux", architecture: "arm64", variant: "v8" } },
  ],
};
const single = {
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: { digest: "sha256:c0f" },
};

/** A registry that answers with these bodies by path suffix; anything else is 404. */
function registry(bodies: Record<string, object>, seen: string[] = []): typeof fetch {
  return async (url: string | URL | Request, init?: RequestInit) => {
    seen.push(`${init?.method ?? "GET"} ${urlOf(url)}`);
    const body = Object.entries(bodies).find(([suffix]) => urlOf(url).endsWith(suffix))?.[1];
    if (!body) return new Response(null, { status: 404 });
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/vnd.oci.image.index.v1+json" },
    });
  };
}

test("a multi-platform stand-in is found with the platforms its index lists, under the namespace", async () => {
  const seen: string[] = [];
  const found = await existingStandIns(
    "127.0.0.1:5000/scratch",
    debian,
    registry({ "/manifests/bookworm-slim": index }, seen),
  );
  expect([...found]).toEqual([
    [
      "127.0.0.1:5000/scratch/library/debian:bookworm-slim",
      { digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), platforms: ["linux/amd64", "linux/arm64/v8"] },
    ],
  ]);
  expect(seen).toEqual(["GET http://127.0.0.1:5000/v2/scratch/library/debian/manifests/bookworm-slim"]);
});

test("a single-platform one says its platform in its config", async () => {
  const found = await existingStandIns(
    "127.0.0.1:5000",
    debian,
    registry({ "/manifests/bookworm-slim": single, "/blobs/sha256:c0f": { os: "linux", architecture: "amd64" } }),
  );
  expect(found.get("127.0.0.1:5000/library/debian:bookworm-slim")?.platforms).toEqual(["linux/amd64"]);
});

test("a missing one is simply absent", async () => {
  expect(await existingStandIns("127.0.0.1:5000", debian, registry({}))).toEqual(new Map());
});

test("a registry that is down is an engine error with the fix", async () => {
  const down = (async () => {
    throw new TypeError("fetch failed");
  }) as typeof fetch;
  await expect(existingStandIns("127.0.0.1:5000", debian, down)).rejects.toThrow(
    /the registry on 127\.0\.0\.1:5000 is not usable/,
  );
});

test("a bad --registry is a usage error", async () => {
  await expect(existingStandIns("http://Upper Case", debian)).rejects.toThrow(/is not a registry location/);
});
