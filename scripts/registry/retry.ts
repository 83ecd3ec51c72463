// Retry with exponential backoff. The sleep comes in as a parameter so tests run instantly.
import { PermanentError } from "../errors/errors.ts";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Total tries, including the first. */
  attempts: number;
  /** Delay before the second try; doubled before each next one. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
  /** Called before each wait, for logs ("retrying in 2s"). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Whether a failure may pass with another try; default: all but PermanentError. */
  retryable?: (error: unknown) => boolean;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000, sleep: realSleep };

export function backoffDelays(policy: Pick<RetryPolicy, "attempts" | "baseDelayMs" | "maxDelayMs">): number[] {
  return Array.from({ length: Math.max(0, policy.attempts - 1) }, (_, index) =>
    Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** index),
  );
}

export async function withRetry<T>(step: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const delays = backoffDelays(policy);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const delay = delays[attempt - 1];
      const retryable = policy.retryable ?? ((failure: unknown) => !(failure instanceof PermanentError));
      if (delay === undefined || !retryable(error)) throw error;
      policy.onRetry?.(error, attempt, delay);
      await policy.sleep(delay);
    }
  }
}
