// An in-memory Distribution API behind a fetch function: enough of /v2/ for the client and the
// tag mover, deleting by digest only (like distribution 2.x), with injectable faults.
import { createHash } from "node:crypto";
import { urlOf } from "../fetch-input.ts";

type Fault = { when: (method: string, path: string) => boolean; answer: "network" | number; times: number };

export class FakeRegistry {
  readonly manifests = new Map<string, { body: Uint8Array; mediaType: string }>();
  readonly tags = new Map<string, string>();
  readonly requests: string[] = [];
  /** repository@digest of every blob a repository links. */
  readonly blobs = new Map<string, Uint8Array>();
  mountable = true;
  deleteByTag = false;
  /** Repositories we may pull from but not push to (uploads answer 403 DENIED). */
  readonly readOnly = new Set<string>();
  /** Answer every manifest DELETE with 405 UNSUPPORTED (GHCR, Docker Hub, distribution with deletes off). */
  refuseDelete = false;
  /** Image manifests need their blobs in the repository (off for tests that only move tags). */
  checkBlobs = false;
  pageSize = 1000;
  private readonly faults: Fault[] = [];

  /** Store a manifest without a tag (what a push by digest leaves); returns its digest. */
  addManifest(
    repository: string,
    content: object | string,
    mediaType = "application/vnd.oci.image.index.v1+json",
  ): string {
    const body = new TextEncoder().encode(typeof content === "string" ? content : JSON.stringify(content));
    const digest = digestOf(body);
    this.manifests.set(`${repository}@${digest}`, { body, mediaType });
    return digest;
  }

  tag(repository: string, tag: string, digest: string): void {
    this.tags.set(`${repository}:${tag}`, digest);
  }

  tagsOf(repository: string): Record<string, string> {
    return Object.fromEntries(
      [...this.tags]
        .filter(([key]) => key.startsWith(`${repository}:`))
        .map(([key, digest]) => [key.slice(repository.length + 1), digest]),
    );
  }

  fail(when: Fault["when"], answer: Fault["answer"], times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ when, answer, times });
  }

  /** The fault is fixed: every later request goes through. */
  heal(): void {
    this.faults.length = 0;
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(urlOf(input));
    const method = init?.method ?? "GET";
    this.requests.push(`${method} ${url.pathname}`);
    const fault = this.faults.find((entry) => entry.times > 0 && entry.when(method, url.pathname));
    if (fault) {
      fault.times -= 1;
      if (fault.answer === "network")
        throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:5999") });
      return json(fault.answer, { errors: [{ code: "UNAVAILABLE", message: "injected fault" }] });
    }
    return this.route(method, url, init?.body as Uint8Array | undefined);
  }) as typeof fetch;

  private route(method: string, url: URL, body: Uint8Array | undefined): Response {
    if (url.pathname === "/v2/") return json(200, {});
    const blob = this.blobRoute(method, url, body);
    if (blob) return blob;
    const tagsList = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (tagsList?.[1]) return this.listTags(tagsList[1], url);
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!manifest?.[1] || !manifest[2]) return json(404, { errors: [{ code: "NOT_FOUND" }] });
    const [repository, reference] = [manifest[1], manifest[2]];
    if (method === "PUT") return this.put(repository, reference, body ?? new Uint8Array());
    if (method === "DELETE") return this.delete(repository, reference);
    return this.get(repository, reference, method === "HEAD");
  }

  addBlob(repository: string, content: string): string {
    const body = new TextEncoder().encode(content);
    this.blobs.set(`${repository}@${digestOf(body)}`, body);
    return digestOf(body);
  }

  private blobRoute(method: string, url: URL, body: Uint8Array | undefined): Response | undefined {
    const uploads = /^\/v2\/(.+)\/blobs\/uploads\/(.*)$/.exec(url.pathname);
    if (uploads?.[1] !== undefined) return this.upload(method, uploads[1], url, body);
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]+)$/.exec(url.pathname);
    if (!blob?.[1] || !blob[2]) return undefined;
    const stored = this.blobs.get(`${blob[1]}@${blob[2]}`);
    if (!stored) return json(404, { errors: [{ code: "BLOB_UNKNOWN" }] });
    return new Response(method === "HEAD" ? null : stored, {
      status: 200,
      headers: { "docker-content-digest": blob[2] },
    });
  }

  private upload(method: string, repository: string, url: URL, body: Uint8Array | undefined): Response {
    if (this.readOnly.has(repository))
      return json(403, { errors: [{ code: "DENIED", message: "requested access to the resource is denied" }] });
    const digest = url.searchParams.get("digest") ?? url.searchParams.get("mount") ?? "";
    if (method === "PUT" && body && digestOf(body) === digest) {
      this.blobs.set(`${repository}@${digest}`, body);
      return new Response(null, { status: 201 });
    }
    const source = this.blobs.get(`${url.searchParams.get("from") ?? ""}@${digest}`);
    if (method === "POST" && this.mountable && source) {
      this.blobs.set(`${repository}@${digest}`, source);
      return new Response(null, { status: 201 });
    }
    return new Response(null, {
      status: 202,
      headers: { location: `/v2/${repository}/blobs/uploads/session-1?state=x` },
    });
  }

  private listTags(repository: string, url: URL): Response {
    const all = Object.keys(this.tagsOf(repository)).sort();
    if (all.length === 0) return json(404, { errors: [{ code: "NAME_UNKNOWN" }] });
    const last = url.searchParams.get("last");
    const rest = last ? all.filter((tag) => tag > last) : all;
    const page = rest.slice(0, this.pageSize);
    const headers: Record<string, string> =
      rest.length > page.length
        ? { link: `</v2/${repository}/tags/list?n=${this.pageSize}&last=${page.at(-1) ?? ""}>; rel="next"` }
        : {};
    return json(200, { name: repository, tags: page }, headers);
  }

  private get(repository: string, reference: string, head: boolean): Response {
    const digest = reference.startsWith("sha256:") ? reference : this.tags.get(`${repository}:${reference}`);
    const stored = digest ? this.manifests.get(`${repository}@${digest}`) : undefined;
    if (!digest || !stored) return json(404, { errors: [{ code: "MANIFEST_UNKNOWN" }] });
    const headers = {
      "content-type": stored.mediaType,
      "docker-content-digest": digest,
      "content-length": String(stored.body.byteLength),
    };
    return new Response(head ? null : stored.body, { status: 200, headers });
  }

  private put(repository: string, reference: string, body: Uint8Array): Response {
    const digest = digestOf(body);
    const refs = JSON.parse(new TextDecoder().decode(body)) as {
      manifests?: { digest: string }[];
      config?: { digest: string };
      layers?: { digest: string }[];
    };
    const missingChild =
      this.checkBlobs && (refs.manifests ?? []).some((child) => !this.manifests.has(`${repository}@${child.digest}`));
    const missingBlob = [refs.config, ...(refs.layers ?? [])].some(
      (blob) => blob && this.checkBlobs && !this.blobs.has(`${repository}@${blob.digest}`),
    );
    if (missingChild || missingBlob) return json(400, { errors: [{ code: "MANIFEST_BLOB_UNKNOWN" }] });
    const existing = [...this.manifests.values()].find((entry) => digestOf(entry.body) === digest);
    this.manifests.set(`${repository}@${digest}`, {
      body,
      mediaType: existing?.mediaType ?? "application/vnd.oci.image.index.v1+json",
    });
    if (!reference.startsWith("sha256:")) this.tag(repository, reference, digest);
    return new Response(null, { status: 201, headers: { "docker-content-digest": digest } });
  }

  private delete(repository: string, reference: string): Response {
    if (this.refuseDelete)
      return json(405, { errors: [{ code: "UNSUPPORTED", message: "The operation is unsupported." }] });
    if (!reference.startsWith("sha256:")) {
      if (!this.deleteByTag)
        return json(400, {
          errors: [{ code: "DIGEST_INVALID", message: "provided digest did not match uploaded content" }],
        });
      return this.tags.delete(`${repository}:${reference}`) ? new Response(null, { status: 202 }) : json(404, {});
    }
    if (!this.manifests.delete(`${repository}@${reference}`))
      return json(404, { errors: [{ code: "MANIFEST_UNKNOWN" }] });
    for (const [key, digest] of this.tags)
      if (digest === reference && key.startsWith(`${repository}:`)) this.tags.delete(key);
    return new Response(null, { status: 202 });
  }
}

export function digestOf(body: Uint8Array): string {
  return `sha256:${createHash("sha256").update(body).digest("hex")}`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
