// runSmoke: parse every spec first (a bad spec starts no container), check the engine, then run
// images in parallel up to a bound. Containers are removed in `finally`, also on Ctrl-C.
import { randomBytes } from "node:crypto";
import { defaultConfig } from "../config/types.ts";
import { EngineError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import { checkMetadata } from "./checks.ts";
import { createTracker, type Tracker } from "./containers.ts";
import { engineCheckArgs, inspectImageArgs } from "./docker-args.ts";
import { fetchClient, type HttpClient } from "./http.ts";
import { parseImageConfig } from "./image-config.ts";
import { runCommandTests, signalOf } from "./run-commands.ts";
import { runFileTests } from "./run-files.ts";
import { runServiceTests } from "./run-services.ts";
import {
  failed,
  timed,
  type ImageRun,
  type SmokeImageResult,
  type SmokeReport,
  type SmokeTestResult,
} from "./run-types.ts";
import { loadSmokeSpec } from "./spec-parse.ts";
import type { SmokeSpec } from "./spec-types.ts";

export type { SmokeReport, SmokeImageResult, SmokeTestResult } from "./run-types.ts";

export interface SmokeItem {
  target: string;
  image: string;
  specFile: string;
}

export interface RunSmokeOptions {
  items: SmokeItem[];
  exec: Exec;
  parallel: number;
  signal?: AbortSignal;
  runId?: string;
  log?: (line: string) => void;
  /** Defaults for service tests that set no healthTimeoutSeconds. */
  healthTimeoutSeconds?: number;
  http?: HttpClient;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Per command test; container-structure-test's default is 300 s. */
  commandTimeoutMs?: number;
}

type World = Omit<ImageRun, "target" | "image" | "spec" | "config"> & { healthTimeoutSeconds: number };

export async function runSmoke(options: RunSmokeOptions): Promise<SmokeReport> {
  const specs = options.items.map((item) => loadSmokeSpec(item.specFile));
  await checkEngine(options.exec, options.signal);
  const tracker = createTracker(options.exec, options.runId ?? newRunId());
  const world = worldOf(options, tracker);
  try {
    const results = await mapLimit(options.items, Math.max(1, options.parallel), (item, index) =>
      runImage(world, item, specs[index] as SmokeSpec),
    );
    // A docker client killed by the same Ctrl-C reads as a failed test; the interrupt is the news.
    options.signal?.throwIfAborted();
    return { passed: results.every((result) => result.passed), results };
  } finally {
    await tracker.cleanup();
  }
}

function worldOf(options: RunSmokeOptions, tracker: Tracker): World {
  return {
    exec: options.exec,
    tracker,
    ...signalOf(options),
    http: options.http ?? fetchClient,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? (() => performance.now()),
    log: options.log ?? (() => undefined),
    healthTimeoutSeconds: options.healthTimeoutSeconds ?? defaultConfig.smoke.healthTimeoutSeconds,
    commandTimeoutMs: options.commandTimeoutMs ?? 300_000,
  };
}

export function newRunId(): string {
  return randomBytes(4).toString("hex");
}

async function checkEngine(exec: Exec, signal?: AbortSignal): Promise<void> {
  const result = await exec(engineCheckArgs(), { check: false, ...(signal ? { signal } : {}) });
  if (result.exitCode !== 0)
    throw new EngineError(
      `the Docker engine is not reachable: ${result.stderr.trim().split("\n").at(-1) ?? "no answer"}`,
    );
}

async function runImage(world: World, item: SmokeItem, spec: SmokeSpec): Promise<SmokeImageResult> {
  world.log(`${item.target}: smoke-testing ${item.image}`);
  const inspected = await world.exec(inspectImageArgs(item.image), { check: false, ...signalOf(world) });
  if (inspected.exitCode !== 0) {
    if (/Cannot connect to the Docker daemon|daemon is not running/i.test(inspected.stderr))
      throw new EngineError(`the Docker engine stopped answering: ${inspected.stderr.trim()}`);
    const message =
      `image ${item.image} is not available locally: ` +
      `${inspected.stderr.trim()}\n  Build it first (\`pnpm ` +
      `build:images ${item.target}\`) or pass --image ` +
      `${item.target}=REF.`;
    return { target: item.target, image: item.image, passed: false, tests: [failed("image exists", message)] };
  }
  const run: ImageRun = {
    ...world,
    target: item.target,
    image: item.image,
    spec,
    config: parseImageConfig(inspected.stdout),
  };
  const tests = [
    ...(await runCommandTests(run)),
    ...(await runFileTests(run)),
    ...(await runMetadataTest(run)),
    ...(await runServiceTests(run, world.healthTimeoutSeconds)),
  ];
  return { target: item.target, image: item.image, passed: tests.every((test) => test.passed), tests };
}

async function runMetadataTest(run: ImageRun): Promise<SmokeTestResult[]> {
  const test = run.spec.metadataTest;
  return test ? [await timed(run, "Metadata Test", () => Promise.resolve(checkMetadata(test, run.config)))] : [];
}

/**
 * Like Promise.all over `items` with at most `limit` at once, keeping order. On an error no new
 * item starts and it waits for the running ones, so cleanup never races a worker.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && errors.length === 0) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}
