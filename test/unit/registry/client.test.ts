import { readFileSync } from "node:fs";
import { beforeEach, expect, test } from "vitest";
import { nextPage, RegistryClient } from "../../../scripts/registry/client.ts";
import { FakeRegistry, digestOf } from "../release/fake-registry.ts";
import { urlOf } from "../fetch-input.ts";

const indexText = readFileSync(new URL("../../fixtures/release/index.oci.json", import.meta.url), "utf8");
let registry: FakeRegistry;
let sleeps: number[];
let client: RegistryClient;

beforeEach(() => {
  registry = new FakeRegistry();
  sleeps = [];
  client = new RegistryClient({
    host: "127.0.0.1:5000",
    fetch: registry.fetch,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) },
  });
});

test("a manifest pushed by digest can be read back byte for byte and tagged", async () => {
  const digest = registry.addManifest("ns/api", indexText);
  expect(digest).toBe("sha256:97cd5b8c6138d340424392453e89cf4e2fbbf23b71d5c117e9a6287ea0887afa");
  const manifest = await client.getManifest("ns/api", digest);
  expect(manifest?.mediaType).toBe("application/vnd.oci.image.index.v1+json");
  expect(digestOf(manifest?.body ?? new Uint8Array())).toBe(digest);
  if (!manifest) throw new Error("manifest missing");
  expect(await client.putManifest("ns/api", "1.2.3", manifest)).toBe(digest);
  expect(await client.headManifest("ns/api", "1.2.3")).toMatchObject({
    digest,
    mediaType: "application/vnd.oci.image.index.v1+json",
  });
  expect(await client.listTags("ns/api")).toEqual(["1.2.3"]);
});

test("unknown repositories and manifests are empty answers, not errors", async () => {
  expect(await client.listTags("ns/none")).toEqual([]);
  expect(await client.headManifest("ns/none", "latest")).toBeUndefined();
  expect(await client.getManifest("ns/none", "sha256:00")).toBeUndefined();
});

test("tag lists follow Link pages", async () => {
  const digest = registry.addManifest("ns/api", indexText);
  for (const tag of ["a", "b", "c", "d", "e"]) registry.tag("ns/api", tag, digest);
  registry.pageSize = 2;
  expect(await client.listTags("ns/api")).toEqual(["a", "b", "c", "d", "e"]);
  expect(registry.requests.filter((line) => line.includes("tags/list"))).toHaveLength(3);
});

test.each([
  ['</v2/ns/api/tags/list?n=2&last=b>; rel="next"', "/v2/ns/api/tags/list?n=2&last=b"],
  ['<https://ghcr.io/v2/ns/api/tags/list?last=b&n=2>; rel="next"', "/v2/ns/api/tags/list?last=b&n=2"],
  [null, undefined],
])("nextPage(%j)", (link, path) => {
  expect(nextPage(link)).toBe(path);
});

test("503 and network failures are retried with backoff", async () => {
  const digest = registry.addManifest("ns/api", indexText);
  registry.fail((method) => method === "HEAD", 503, 1);
  registry.fail((method) => method === "HEAD", "network", 1);
  expect((await client.headManifest("ns/api", digest))?.digest).toBe(digest);
  expect(sleeps).toEqual([10, 20]);
});

test("a registry that stays down fails with the method, URL and cause", async () => {
  registry.fail(() => true, "network");
  await expect(client.listTags("ns/api")).rejects.toThrow(
    /GET http:\/\/127\.0\.0\.1:5000\/v2\/ns\/api\/tags\/list\?n=1000 failed: fetch failed \(connect ECONNREFUSED/,
  );
  expect(sleeps).toEqual([10, 20]);
});

test("a 4xx answer is final and names the registry's error", async () => {
  registry.fail((method) => method === "PUT", 403, 5);
  const digest = registry.addManifest("ns/api", indexText);
  const manifest = await client.getManifest("ns/api", digest);
  if (!manifest) throw new Error("manifest missing");
  await expect(client.putManifest("ns/api", "latest", manifest)).rejects.toThrow(
    /PUT .* answered 403: UNAVAILABLE injected fault/,
  );
  expect(sleeps).toEqual([]);
});

test("deleting a tag where only digests can be deleted is reported as unsupported", async () => {
  const digest = registry.addManifest("ns/api", indexText);
  registry.tag("ns/api", "latest", digest);
  expect(await client.deleteManifest("ns/api", "latest")).toBe("unsupported");
  expect(await client.deleteManifest("ns/api", digest)).toBe("deleted");
  expect(await client.deleteManifest("ns/api", digest)).toBe("missing");
  expect(registry.tagsOf("ns/api")).toEqual({});
});

test("a 401 Bearer challenge is answered once and the token reused", async () => {
  const digest = registry.addManifest("ns/api", indexText);
  let tokenCalls = 0;
  const guarded = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = urlOf(input);
    if (url.startsWith("https://auth.example/token")) {
      tokenCalls += 1;
      return new Response(JSON.stringify({ token: "abc" }), { status: 200 });
    }
    const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
    if (auth !== "Bearer abc")
      return new Response("{}", {
        status: 401,
        headers: { "www-authenticate": 'Bearer realm="https://auth.example/token",service="fake"' },
      });
    return registry.fetch(input, init);
  }) as typeof fetch;
  const authed = new RegistryClient({
    host: "127.0.0.1:5000",
    fetch: guarded,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined },
  });
  expect((await authed.headManifest("ns/api", digest))?.digest).toBe(digest);
  expect((await authed.headManifest("ns/api", digest))?.digest).toBe(digest);
  expect(tokenCalls).toBe(1);
});

test(
  "a registry whose token realm is on another host never gets " + "our credentials sent there, and the 401 says so",
  async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const fetchFn = (async (url: string, init?: RequestInit) => {
      seen.push({
        url: String(url),
        authorization: (init?.headers as Record<string, string> | undefined)?.authorization,
      });
      if (String(url).startsWith("https://collector.example.net/"))
        return new Response(JSON.stringify({}), { status: 200 });
      return new Response(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }), {
        status: 401,
        headers: { "www-authenticate": 'Bearer realm="https://collector.example.net/token",service="ghcr.io"' },
      });
    }) as unknown as typeof fetch;
    const guarded = new RegistryClient({
      host: "ghcr.io",
      fetch: fetchFn,
      credentials: { username: "acme-bot", password: "ghp_secret" },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
    });
    await expect(guarded.listTags("acme/api")).rejects.toThrow(
      "answered 401: UNAUTHORIZED authentication required; credentials were not sent: " +
        "the token realm https://collector.example.net is not on the registry's host ghcr.io",
    );
    expect(seen.filter((call) => call.url.startsWith("https://collector.example.net/"))).toEqual([
      { url: expect.stringContaining("https://collector.example.net/token?"), authorization: undefined },
    ]);
  },
);
