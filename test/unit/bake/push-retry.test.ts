import { expect, test } from "vitest";
import { isTransientPushFailure, withPushRetry } from "../../../scripts/bake/push-retry.ts";
import { ImagesError } from "../../../scripts/errors/errors.ts";

// The message buildx gave when the local registry raced on a tag link during a push (seen here).
const raced = new ImagesError(
  "build",
  "step failed: [echo-agent] pushing " +
    "127.0.0.1:5000/x/echo-agent:latest with docker\nunexpected " +
    "status from HEAD request to " +
    "http://127.0.0.1:5000/v2/x/echo-agent/manifests/latest: 500 " +
    "Internal Server Error",
);
// Seen here when the registry refused the cache manifest of a first build with registry cache.
const cacheRefused = new ImagesError(
  "build",
  "step failed: [python-agent-base] exporting cache to " +
    "registry\nerror writing manifest blob: failed commit on ref " +
    '"sha256:1714": unexpected status from PUT request to ' +
    "http://127.0.0.1:39247/v2/x/cache/manifests/python-agent-base-main: 500 Internal Server Error",
);
const broken = new ImagesError("build", "step failed: [echo-agent 2/5] RUN make\nexit code: 2");

test.each([
  [raced, true],
  [cacheRefused, true],
  [broken, false],
  [new ImagesError("smoke", "pushing 500 Internal Server Error"), false],
  [new Error("500 Internal Server Error while pushing"), false],
])("isTransientPushFailure %#", (error, transient) => {
  expect(isTransientPushFailure(error)).toBe(transient);
});

test("a registry hiccup is retried with backoff, then the push goes through", async () => {
  const waits: number[] = [];
  const logged: string[] = [];
  let calls = 0;
  const result = await withPushRetry(
    async () => (++calls < 3 ? Promise.reject(raced) : "pushed"),
    (line) => logged.push(line),
    async (ms) => void waits.push(ms),
  );
  expect([result, calls, waits]).toEqual(["pushed", 3, [1000, 2000]]);
  expect(logged).toEqual([
    "push failed on the registry's side; retrying in 1s (2 of 3)",
    "push failed on the registry's side; retrying in 2s (3 of 3)",
  ]);
});

test("it gives up after three tries, and a real build failure is not retried", async () => {
  let calls = 0;
  await expect(
    withPushRetry(
      async () => (calls++, Promise.reject(raced)),
      () => undefined,
      async () => undefined,
    ),
  ).rejects.toBe(raced);
  expect(calls).toBe(3);
  calls = 0;
  await expect(
    withPushRetry(
      async () => (calls++, Promise.reject(broken)),
      () => undefined,
      async () => undefined,
    ),
  ).rejects.toBe(broken);
  expect(calls).toBe(1);
});
