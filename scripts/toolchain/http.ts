// The one door to HTTP for the toolchain and the seeder: a small GET/HEAD that never throws on network errors.

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
}

export type HttpRequest = (
  url: string,
  options?: { method?: "GET" | "HEAD"; headers?: Record<string, string>; timeoutMs?: number },
) => Promise<HttpResponse | { error: string }>;

export const httpRequest: HttpRequest = async (url, options = {}) => {
  try {
    const response = await fetch(url, {
      method: options.method ?? "GET",
      headers: options.headers ?? {},
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    await response.body?.cancel();
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()) };
  } catch (error) {
    return { error: networkReason(error) };
  }
};

function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code === "ECONNREFUSED" ? "connection refused" : code;
  return cause instanceof Error ? cause.message : String(cause);
}
