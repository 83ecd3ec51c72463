// A push (of the image or of the registry cache) that fails on the registry's side (5xx, a
// dropped connection) is retried with backoff; everything before it is cached, so a retry only
// pushes again. Other failures are final.
import { ImagesError } from "../errors/errors.ts";
import { realSleep, withRetry, type Sleep } from "../registry/retry.ts";

const transient = /\b5\d\d [A-Z][a-z]|unexpected status from .* 5\d\d|connection reset|broken pipe|EOF$/m;

/** The export steps that talk to the registry. */
const pushing = /push|exporting (to image|cache)/i;

/** Pure: whether a failed bake looks like a registry hiccup during the push. */
export function isTransientPushFailure(error: unknown): boolean {
  return (
    error instanceof ImagesError &&
    error.kind === "build" &&
    pushing.test(error.message) &&
    transient.test(error.message)
  );
}

export async function withPushRetry<T>(
  push: () => Promise<T>,
  log: (line: string) => void,
  sleep: Sleep = realSleep,
): Promise<T> {
  const attempts = 3;
  return withRetry(push, {
    attempts,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    sleep,
    retryable: isTransientPushFailure,
    onRetry: (_error, attempt, delay) =>
      log(`push failed on the registry's side; retrying in ${delay / 1000}s (${attempt + 1} of ${attempts})`),
  });
}
