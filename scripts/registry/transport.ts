// The HTTP door of the registry client and the build's reachability probes. Plain-HTTP URLs (the
// local mirror and seed registries) go over node:http, which the engine's socket has loaded
// already; https goes through fetch. Node 20 builds fetch (undici) on first use: ~30–40 ms of the
// main thread here, which a fully cached build would spend on its three calls to the mirror.
import { request, type IncomingMessage } from "node:http";

/** What callers read of an answer: fetch's Response has all of it. */
export interface HttpReply {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  json(): Promise<unknown>;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  signal?: AbortSignal;
}

export type Transport = (url: string, init?: HttpInit) => Promise<HttpReply>;

/** fetch's redirect limit (the Fetch standard's 20). */
const maxRedirects = 20;

export const transport: Transport = (url, init = {}) =>
  url.startsWith("http:") ? plainHttp(url, init, maxRedirects) : fetch(url, init);

async function plainHttp(url: string, init: HttpInit, redirectsLeft: number): Promise<HttpReply> {
  const answer = await send(url, init);
  const location = answer.headers.location;
  const status = answer.statusCode ?? 0;
  if (![301, 302, 303, 307, 308].includes(status) || !location) return reply(answer, await bodyOf(answer));
  answer.resume();
  if (redirectsLeft === 0) throw new TypeError(`${url}: more than ${maxRedirects} redirects`);
  const next = new URL(location, url);
  return redirected(next.toString(), redirectedInit(init, status, new URL(url).origin === next.origin), redirectsLeft);
}

function redirected(url: string, init: HttpInit, redirectsLeft: number): Promise<HttpReply> {
  return url.startsWith("http:") ? plainHttp(url, init, redirectsLeft - 1) : fetch(url, init);
}

/**
 * As fetch does: 303 (and 301/302 after a POST) become a GET without a body; credentials are not
 * sent to another origin (a registry's blob storage).
 */
export function redirectedInit(init: HttpInit, status: number, sameOrigin: boolean): HttpInit {
  const method = (init.method ?? "GET").toUpperCase();
  const toGet = status === 303 ? method !== "HEAD" : [301, 302].includes(status) && method === "POST";
  const headers = Object.fromEntries(
    Object.entries(init.headers ?? {}).filter(([name]) => sameOrigin || name.toLowerCase() !== "authorization"),
  );
  const { body, ...rest } = init;
  return toGet ? { ...rest, method: "GET", headers } : { ...rest, headers, ...(body !== undefined ? { body } : {}) };
}

function send(url: string, init: HttpInit): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: init.method ?? "GET",
      headers: init.headers ?? {},
      ...(init.signal ? { signal: init.signal } : {}),
    });
    outgoing.once("response", resolve);
    outgoing.once("error", (error: NodeJS.ErrnoException) => reject(withCode(error)));
    outgoing.end(init.body);
  });
}

/** node:http says "socket hang up" for a dropped connection: the code says which failure it was. */
export function withCode(error: NodeJS.ErrnoException): Error {
  if (!error.code || error.message.includes(error.code)) return error;
  return Object.assign(new Error(`${error.message} (${error.code})`, { cause: error }), { code: error.code });
}

function bodyOf(answer: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    answer.on("data", (chunk: Buffer) => chunks.push(chunk));
    answer.once("end", () => resolve(Buffer.concat(chunks)));
    answer.once("error", (error: NodeJS.ErrnoException) => reject(withCode(error)));
    answer.once("close", () => {
      if (!answer.complete) reject(new Error("the connection closed before the answer ended"));
    });
  });
}

/** Pure: an answer read to its end, as the reply callers see. */
export function reply(answer: Pick<IncomingMessage, "statusCode" | "headers">, body: Buffer): HttpReply {
  const status = answer.statusCode ?? 0;
  const header = (name: string): string | null => {
    const value = answer.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: header },
    arrayBuffer: () => Promise.resolve(new Uint8Array(body).buffer),
    // A body that is not JSON rejects, as fetch's does.
    json: (): Promise<unknown> => Promise.resolve(body.toString("utf8")).then((text): unknown => JSON.parse(text)),
  };
}
