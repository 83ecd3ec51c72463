// A small client for the Docker Registry HTTP API v2: tags, manifests by digest or tag.
// Transient failures (network, 5xx, 429) are retried with backoff; other answers are final.
import { createHash } from "node:crypto";
import { PermanentError } from "../errors/errors.ts";
import { RegistryError } from "../errors/release.ts";
import { answerChallenge, parseChallenge } from "./auth.ts";
import type { Credentials } from "./credentials.ts";
import { registryBaseUrl } from "./ref.ts";
import { withRetry, type RetryPolicy } from "./retry.ts";
import { transport, type HttpReply, type Transport } from "./transport.ts";

export const manifestMediaTypes = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
] as const;

export interface ManifestInfo {
  digest: string;
  mediaType: string;
  size: number;
}

export interface Manifest extends ManifestInfo {
  body: Uint8Array;
}

export type DeleteOutcome = "deleted" | "missing" | "unsupported";

export interface RegistryClientOptions {
  host: string;
  retry: RetryPolicy;
  /** The HTTP door (tests answer from fakes); default: transport.ts. */
  fetch?: Transport;
  credentials?: Credentials;
}

export function sha256Digest(body: Uint8Array): string {
  return `sha256:${createHash("sha256").update(body).digest("hex")}`;
}

export class RegistryClient {
  readonly host: string;
  private readonly base: string;
  private readonly fetchFn: Transport;
  private readonly authorization = new Map<string, string>();
  /** Why credentials were not offered to a repository's token realm, said with its 401. */
  private readonly withheld = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    this.host = options.host;
    this.base = registryBaseUrl(options.host);
    this.fetchFn = options.fetch ?? transport;
  }

  /** Every tag of a repository, following `Link` pages; [] when the repository does not exist yet. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    while (path !== undefined) {
      const response = await this.send("GET", repository, path, {}, [200, 404]);
      if (response.status === 404) return [];
      const body = (await response.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      path = nextPage(response.headers.get("link"));
    }
    return tags.sort();
  }

  async headManifest(repository: string, reference: string): Promise<ManifestInfo | undefined> {
    const response = await this.send(
      "HEAD",
      repository,
      `/v2/${repository}/manifests/${reference}`,
      { accept: manifestMediaTypes.join(", ") },
      [200, 404],
    );
    if (response.status === 404) return undefined;
    return manifestInfo(response, reference);
  }

  async getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    const response = await this.send(
      "GET",
      repository,
      `/v2/${repository}/manifests/${reference}`,
      { accept: manifestMediaTypes.join(", ") },
      [200, 404],
    );
    if (response.status === 404) return undefined;
    const body = new Uint8Array(await response.arrayBuffer());
    const digest = sha256Digest(body);
    if (reference.startsWith("sha256:") && digest !== reference)
      throw new RegistryError(`${this.host}/${repository}@${reference} came back with digest ${digest}`);
    return { ...manifestInfo(response, reference), digest, size: body.byteLength, body };
  }

  /** PUT the exact manifest bytes under a tag; the registry answers with the digest it stored. */
  async putManifest(repository: string, tag: string, manifest: Manifest): Promise<string> {
    const init = { "content-type": manifest.mediaType };
    const response = await this.send(
      "PUT",
      repository,
      `/v2/${repository}/manifests/${tag}`,
      init,
      [201],
      manifest.body,
    );
    return response.headers.get("docker-content-digest") ?? manifest.digest;
  }

  /** DELETE by tag or digest. Registries that only delete by digest answer "unsupported" for a tag. */
  async deleteManifest(repository: string, reference: string): Promise<DeleteOutcome> {
    const response = await this.send(
      "DELETE",
      repository,
      `/v2/${repository}/manifests/${reference}`,
      {},
      [202, 200, 404, 400, 403, 405],
    );
    if (response.status === 404) return "missing";
    return [400, 403, 405].includes(response.status) ? "unsupported" : "deleted";
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    return (await this.send("HEAD", repository, `/v2/${repository}/blobs/${digest}`, {}, [200, 404])).status === 200;
  }

  async getBlob(repository: string, digest: string): Promise<Uint8Array> {
    return new Uint8Array(
      await (await this.send("GET", repository, `/v2/${repository}/blobs/${digest}`, {}, [200])).arrayBuffer(),
    );
  }

  /** Cross-repository mount; when the registry will not mount, copy the bytes through us. */
  async copyBlob(from: string, to: string, digest: string): Promise<void> {
    const mount = await this.send("POST", to, `/v2/${to}/blobs/uploads/?mount=${digest}&from=${from}`, {}, [201, 202]);
    if (mount.status === 201) return;
    const blob = await this.send("GET", from, `/v2/${from}/blobs/${digest}`, {}, [200]);
    const body = new Uint8Array(await blob.arrayBuffer());
    const location = new URL(mount.headers.get("location") ?? "", `${this.base}/`);
    location.searchParams.set("digest", digest);
    await this.send(
      "PUT",
      to,
      location.pathname + location.search,
      { "content-type": "application/octet-stream" },
      [201],
      body,
    );
  }

  get hasCredentials(): boolean {
    return this.options.credentials !== undefined;
  }

  /** `GET /v2/`: 200 when reachable and our credentials (or none) are accepted, 401 when not. */
  async ping(repository: string): Promise<number> {
    return (await this.send("GET", repository, "/v2/", {}, [200, 401, 403])).status;
  }

  /** Starts a blob upload and cancels it: whether this repository lets us push, writing nothing. */
  async mayPush(repository: string): Promise<boolean> {
    const started = await this.send("POST", repository, `/v2/${repository}/blobs/uploads/`, {}, [202, 401, 403, 404]);
    if (started.status !== 202) return false;
    const location = new URL(started.headers.get("location") ?? "", `${this.base}/v2/${repository}/blobs/uploads/`);
    await this.send(
      "DELETE",
      repository,
      location.pathname + location.search,
      {},
      [204, 200, 202, 404, 400, 405],
    ).catch(() => undefined);
    return true;
  }

  /**
   * Deletes that the registry allows, asked with references that do not exist: a registry that
   * deletes answers 404 (unknown), one that refuses answers 400/405 before looking.
   */
  async deleteSupport(repository: string): Promise<{ byDigest: boolean; byTag: boolean }> {
    const byDigest = await this.deleteManifest(repository, `sha256:${"0".repeat(64)}`);
    const byTag = await this.deleteManifest(repository, "images-delete-probe");
    return { byDigest: byDigest === "missing", byTag: byTag === "missing" };
  }

  private async send(
    method: string,
    repository: string,
    path: string,
    headers: Record<string, string>,
    expected: number[],
    body?: Uint8Array,
  ): Promise<HttpReply> {
    const url = `${this.base}${path}`;
    return withRetry(async () => {
      const response = await this.once(method, repository, url, headers, body);
      if (expected.includes(response.status)) return response;
      const detail = [await errorDetail(response), response.status === 401 ? this.withheld.get(repository) : undefined]
        .filter(Boolean)
        .join("; ");
      const message = `${method} ${url} answered ${response.status}${detail ? `: ${detail}` : ""}`;
      if (response.status >= 500 || response.status === 429) throw new RegistryError(message, response.status);
      throw new PermanentError(message);
    }, this.options.retry).catch((error: unknown) => {
      if (error instanceof RegistryError) throw error;
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? `${error.message} (${error.cause.message})`
            : error.message
          : String(error);
      throw new RegistryError(error instanceof PermanentError ? reason : `${method} ${url} failed: ${reason}`);
    });
  }

  /** One try, answering one 401 challenge with credentials or a token. */
  private async once(
    method: string,
    repository: string,
    url: string,
    headers: Record<string, string>,
    body?: Uint8Array,
  ): Promise<HttpReply> {
    const call = (auth: string | undefined): Promise<HttpReply> =>
      this.fetchFn(url, {
        method,
        headers: { ...headers, ...(auth ? { authorization: auth } : {}) },
        ...(body ? { body } : {}),
      });
    const response = await call(this.authorization.get(repository));
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get("www-authenticate"));
    if (!challenge) return response;
    const { credentials } = this.options;
    const answer = await answerChallenge({
      challenge,
      registryHost: this.host,
      repository,
      credentials,
      fetchFn: this.fetchFn,
    });
    if (answer.withheld) this.withheld.set(repository, answer.withheld);
    if (!answer.authorization) return response;
    this.authorization.set(repository, answer.authorization);
    return call(answer.authorization);
  }
}

function manifestInfo(response: HttpReply, reference: string): ManifestInfo {
  const digest = response.headers.get("docker-content-digest") ?? (reference.startsWith("sha256:") ? reference : "");
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  return { digest, mediaType, size: Number(response.headers.get("content-length") ?? 0) };
}

/** `</v2/x/tags/list?last=b&n=2>; rel="next"` → the path of the next page. */
export function nextPage(link: string | null): string | undefined {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? "");
  if (!match?.[1]) return undefined;
  const target = match[1];
  return target.startsWith("http") ? new URL(target).pathname + new URL(target).search : target;
}

async function errorDetail(response: HttpReply): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { code?: string; message?: string }[] };
    return (body.errors ?? []).map((error) => [error.code, error.message].filter(Boolean).join(" ")).join("; ");
  } catch {
    return "";
  }
}
