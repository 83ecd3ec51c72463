// The report every caller gets (build, release, the smoke command), and what test runners share.
import { EngineError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import type { Tracker } from "./containers.ts";
import type { HttpClient } from "./http.ts";
import type { ImageConfig } from "./image-config.ts";
import type { SmokeSpec } from "./spec-types.ts";

export interface SmokeTestResult {
  name: string;
  passed: boolean;
  message?: string;
  durationMs: number;
}

export interface SmokeImageResult {
  target: string;
  image: string;
  passed: boolean;
  tests: SmokeTestResult[];
}

export interface SmokeReport {
  passed: boolean;
  results: SmokeImageResult[];
}

/** One image's run: its spec, its config, and the world as parameters. */
export interface ImageRun {
  target: string;
  image: string;
  spec: SmokeSpec;
  config: ImageConfig;
  exec: Exec;
  tracker: Tracker;
  signal?: AbortSignal;
  http: HttpClient;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log: (line: string) => void;
  /** How long one command test (or setup step) may run before its container is removed. */
  commandTimeoutMs: number;
}

/** Runs one test body; thrown errors become failures, except an abort or a missing engine. */
export async function timed(run: ImageRun, name: string, body: () => Promise<string[]>): Promise<SmokeTestResult> {
  run.signal?.throwIfAborted();
  const start = run.now();
  let failures: string[];
  try {
    failures = await body();
  } catch (error) {
    if (run.signal?.aborted || error instanceof EngineError) throw error;
    failures = [error instanceof Error ? error.message : String(error)];
  }
  const result = {
    name,
    passed: failures.length === 0,
    durationMs: Math.round(run.now() - start),
    ...(failures.length ? { message: failures.join("\n") } : {}),
  };
  run.log(`${run.target}: ${result.passed ? "PASS" : "FAIL"} ${name}`);
  return result;
}

export function failed(name: string, message: string): SmokeTestResult {
  return { name, passed: false, message, durationMs: 0 };
}
