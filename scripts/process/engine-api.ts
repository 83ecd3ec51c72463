// The engine's HTTP API over its unix socket: a few small image calls (list, tag, untag) that cost
// ~5 ms each here instead of ~150 ms for a `docker` process. Only when the CLI would talk to that same
// socket (no DOCKER_HOST elsewhere, no other context); callers fall back to the CLI otherwise.
import { existsSync } from "node:fs";
import { request } from "node:http";
import { traceCall } from "./exec.ts";

export interface EngineReply {
  status: number;
  body: string;
}

export type EngineCall = (method: "GET" | "POST" | "DELETE", path: string) => Promise<EngineReply>;

const defaultSocket = "/var/run/docker.sock";

/** The socket the CLI would use, when it is the default one and reachable as a file; pure but for `exists`. */
export function engineSocket(
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== "default") return undefined;
  const host = env.DOCKER_HOST ?? `unix://${defaultSocket}`;
  const path = host.startsWith("unix://") ? host.slice("unix://".length) : undefined;
  return path && exists(path) ? path : undefined;
}

export function engineCall(socketPath: string, timeoutMs = 30_000): EngineCall {
  return (method, path) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      // The Host header (dockerd ignores it) as an IPv4 literal: Node's agent tests the default,
      // "localhost", against its IPv6 pattern too, whose first use compiles it (~13 ms here).
      const req = request({ socketPath, host: "127.0.0.1", method, path, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          traceCall("engine", started, `${res.statusCode ?? 0}  ${method} ${decodeURIComponent(path)}`);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`engine API ${method} ${path}: no answer in ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end();
    });
}

/**
 * Identical GETs in flight at the same time share one request (two stages reading the same image
 * side by side); once answered it is forgotten, so a later read asks the engine again.
 */
export function sharingReads(engine: EngineCall): EngineCall {
  const inFlight = new Map<string, Promise<EngineReply>>();
  return (method, path) => {
    if (method !== "GET") return engine(method, path);
    const pending = inFlight.get(path);
    if (pending) return pending;
    const reply = engine(method, path).finally(() => inFlight.delete(path));
    inFlight.set(path, reply);
    return reply;
  };
}
