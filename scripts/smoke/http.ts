// HTTP checks of service tests: the client is a parameter (tests pass a fake), the verdict is pure.
import { quote } from "./checks.ts";
import { matchesGoRegex } from "./go-regex.ts";
import type { HttpCheck } from "./spec-types.ts";

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Ctrl-C: stop waiting for the service at once. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export type HttpClient = (url: string, request: HttpRequest) => Promise<HttpResponse>;

export const fetchClient: HttpClient = async (url, request) => {
  const response = await fetch(url, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.any([AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])]),
  });
  return { status: response.status, body: await response.text() };
};

export function checkHttp(check: HttpCheck, response: HttpResponse): string[] {
  const failures: string[] = [];
  if (response.status !== check.status) failures.push(`expected status ${check.status}, got ${response.status}`);
  for (const re of check.bodyRegex) {
    if (!matchesGoRegex(re, response.body)) failures.push(`expected body to match /${re}/`);
  }
  const fields = Object.entries(check.json);
  if (fields.length > 0) failures.push(...checkJsonFields(fields, response.body));
  return failures.length ? [...failures, quote("body", response.body)] : [];
}

function checkJsonFields(fields: [string, unknown][], body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ["expected a JSON body"];
  }
  return fields.flatMap(([path, expected]) => {
    const actual = jsonPath(parsed, path);
    return sameJson(actual, expected)
      ? []
      : [
          `expected ${path} = ${JSON.stringify(expected)}, got ` +
            `${actual === undefined ? "(missing)" : JSON.stringify(actual)}`,
        ];
  });
}

/** "versions.chromium" or "items.0.name": dots walk objects and array indexes. */
export function jsonPath(value: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}

function sameJson(actual: unknown, expected: unknown): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}
