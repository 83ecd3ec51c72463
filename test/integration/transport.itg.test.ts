// The plain-HTTP door against real sockets on 127.0.0.1: redirects followed as fetch follows them,
// credentials kept from another origin, a timeout that ends a request, a refused port that rejects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { transport } from "../../scripts/registry/transport.ts";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("plain-HTTP transport", () => {
  const seen: { url: string; method: string; authorization?: string; body: string }[] = [];
  let storage: { server: Server; base: string };
  let registry: { server: Server; base: string };

  beforeAll(async () => {
    storage = await serve((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        seen.push({ url: `storage${request.url}`, method: request.method ?? "", body, ...auth(request) });
        response.writeHead(200, { "content-type": "application/json" }).end('{"from":"storage"}');
      });
    });
    registry = await serve((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        seen.push({ url: `registry${request.url}`, method: request.method ?? "", body, ...auth(request) });
        if (request.url === "/slow") return; // never answers
        if (request.url === "/blob") return void response.writeHead(307, { location: `${storage.base}/b` }).end();
        if (request.url === "/here") return void response.writeHead(302, { location: "/there" }).end();
        if (request.url === "/loop") return void response.writeHead(302, { location: "/loop" }).end();
        response.writeHead(200, { "docker-content-digest": "sha256:1" }).end(`{"url":"${request.url}"}`);
      });
    });
  });

  afterAll(() => {
    storage.server.close();
    registry.server.close();
    registry.server.closeAllConnections();
  });

  test("a GET reads status, headers and body", async () => {
    const answer = await transport(`${registry.base}/v2/`, { headers: { accept: "x" } });
    expect([answer.status, answer.ok, answer.headers.get("Docker-Content-Digest")]).toEqual([200, true, "sha256:1"]);
    expect(await answer.json()).toEqual({ url: "/v2/" });
  });

  test("a 307 to another origin keeps method and body, and drops the credentials", async () => {
    seen.length = 0;
    const init = { method: "PUT", headers: { authorization: "Bearer t" }, body: "layer" };
    const answer = await transport(`${registry.base}/blob`, init);
    expect(await answer.json()).toEqual({ from: "storage" });
    expect(seen).toEqual([
      { url: "registry/blob", method: "PUT", body: "layer", authorization: "Bearer t" },
      { url: "storage/b", method: "PUT", body: "layer" },
    ]);
  });

  test("a 302 on the same origin is followed with the credentials", async () => {
    seen.length = 0;
    await transport(`${registry.base}/here`, { headers: { authorization: "Basic x" } });
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ["registry/here", "Basic x"],
      ["registry/there", "Basic x"],
    ]);
  });

  test("a redirect loop ends in an error, like fetch's", async () => {
    await expect(transport(`${registry.base}/loop`)).rejects.toThrow(/more than 20 redirects/);
  });

  test("a timeout ends a request that gets no answer", async () => {
    await expect(transport(`${registry.base}/slow`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  test("a port nobody listens on rejects", async () => {
    const closed = await serve(() => undefined);
    closed.server.close();
    await expect(transport(closed.base)).rejects.toThrow(/ECONNREFUSED/);
  });
});

function auth(request: IncomingMessage): { authorization?: string } {
  return request.headers.authorization ? { authorization: request.headers.authorization } : {};
}
