import { expect, test } from "vitest";
import { existingDigests } from "../../../scripts/bases/seed-registry.ts";
import { standIns } from "../../../scripts/bases/stand-ins.ts";

const debian = standIns.filter((standIn) => standIn.upstream === "debian:bookworm-slim");

function registry(status: number, seen: string[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push(`${init?.method ?? "GET"} ${String(url)}`);
    return new Response(null, { status, headers: status === 200 ? { "docker-content-digest": "sha256:abc", "content-type": "application/vnd.oci.image.index.v1+json", "content-length": "10" } : {} });
  }) as typeof fetch;
}

test("a stand-in the registry has is found by a HEAD on its tag, under the namespace", async () => {
  const seen: string[] = [];
  expect(await existingDigests("127.0.0.1:5000/scratch", debian, registry(200, seen))).toEqual(new Map([["127.0.0.1:5000/scratch/library/debian:bookworm-slim", "sha256:abc"]]));
  expect(seen).toEqual(["HEAD http://127.0.0.1:5000/v2/scratch/library/debian/manifests/bookworm-slim"]);
});

test("a missing one is simply absent", async () => {
  expect(await existingDigests("127.0.0.1:5000", debian, registry(404))).toEqual(new Map());
});

test("a registry that is down is an engine error with the fix", async () => {
  const down = (async () => {
    throw new TypeError("fetch failed");
  }) as typeof fetch;
  await expect(existingDigests("127.0.0.1:5000", debian, down)).rejects.toThrow(/the registry on 127\.0\.0\.1:5000 is not usable/);
});

test("a bad --registry is a usage error", async () => {
  await expect(existingDigests("http://Upper Case", debian)).rejects.toThrow(/is not a registry location/);
});
