import { expect, test } from "vitest";
import { PermanentError } from "../../../scripts/errors/errors.ts";
import { backoffDelays, withRetry } from "../../../scripts/registry/retry.ts";

const policy = (sleeps: number[]) => ({
  attempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 250,
  sleep: async (ms: number) => void sleeps.push(ms),
});

test("delays double up to the cap", () => {
  expect(backoffDelays({ attempts: 5, baseDelayMs: 100, maxDelayMs: 250 })).toEqual([100, 200, 250, 250]);
  expect(backoffDelays({ attempts: 1, baseDelayMs: 100, maxDelayMs: 250 })).toEqual([]);
});

test("a step that fails twice then works is retried with backoff", async () => {
  const sleeps: number[] = [];
  let calls = 0;
  const value = await withRetry(async () => {
    calls += 1;
    if (calls < 3) throw new Error(`flaky ${calls}`);
    return "ok";
  }, policy(sleeps));
  expect(value).toBe("ok");
  expect(sleeps).toEqual([100, 200]);
});

test("gives up after the last attempt with the last error", async () => {
  const sleeps: number[] = [];
  let calls = 0;
  await expect(withRetry(async () => Promise.reject(new Error(`down ${++calls}`)), policy(sleeps))).rejects.toThrow(
    "down 4",
  );
  expect(sleeps).toEqual([100, 200, 250]);
});

test("a permanent error is not retried", async () => {
  const sleeps: number[] = [];
  await expect(withRetry(async () => Promise.reject(new PermanentError("401")), policy(sleeps))).rejects.toThrow("401");
  expect(sleeps).toEqual([]);
});
