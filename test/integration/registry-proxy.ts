// A real HTTP proxy in front of the test registry that can misbehave on chosen requests, so
// tests see how builds and releases cope with a registry that errors or goes away.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { registryHost } from "./engine.ts";

/**
 * pass: forward; fail: answer 500 like distribution does; drop: cut every connection; refuse:
 * answer 405 UNSUPPORTED, as distribution with deletes off, GHCR and Docker Hub answer a DELETE.
 */
export type Fault = "pass" | "fail" | "drop" | "refuse";

export interface RegistryProxy {
  server: Server;
  host: string;
  /** How many requests got each fault other than pass. */
  count: (fault: Exclude<Fault, "pass">) => number;
  close: () => void;
}

/** A manifest or blob DELETE (not the cancel of an upload). */
export const isDelete = (incoming: IncomingMessage): boolean =>
  incoming.method === "DELETE" &&
  /\/(manifests|blobs)\/[^/]+$/.test(incoming.url ?? "") &&
  !(incoming.url ?? "").includes("/uploads/");

/** A tag (not digest) manifest PUT, the request that makes a push visible. */
export const isTagPut = (incoming: IncomingMessage): boolean =>
  incoming.method === "PUT" && /\/manifests\/(?!sha256:)[^/]+$/.test(incoming.url ?? "");

export function registryProxy(decide: (incoming: IncomingMessage) => Fault): Promise<RegistryProxy> {
  const counts = { fail: 0, drop: 0, refuse: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    const fault = decide(incoming);
    if (fault === "drop") {
      counts.drop += 1;
      incoming.socket.destroy();
      for (const socket of sockets) socket.destroy();
      return;
    }
    if (fault === "refuse") {
      counts.refuse += 1;
      incoming.resume();
      outgoing.writeHead(405, { "content-type": "application/json" });
      outgoing.end(JSON.stringify({ errors: [{ code: "UNSUPPORTED", message: "The operation is unsupported." }] }));
      return;
    }
    if (fault === "fail") {
      counts.fail += 1;
      incoming.resume();
      outgoing.writeHead(500, { "content-type": "application/json" });
      outgoing.end(
        JSON.stringify({
          errors: [{ code: "UNKNOWN", message: "unknown error", detail: "injected by the test proxy" }],
        }),
      );
      return;
    }
    const upstream = request(
      {
        host: "127.0.0.1",
        port: Number(registryHost.split(":")[1]),
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        server,
        host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
        count: (fault) => counts[fault],
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    ),
  );
}
