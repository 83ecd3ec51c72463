// serviceTests (our extension): start detached, wait for HEALTHCHECK, run HTTP checks,
// SIGTERM and expect a clean exit in time. Failures carry the container's last log lines.
import { defaultConfig } from "../config/types.ts";
import { quote } from "./checks.ts";
import { logsArgs, portArgs, serviceRunArgs, stateArgs, stopArgs } from "./docker-args.ts";
import { checkHttp } from "./http.ts";
import { signalOf, testEnv } from "./run-commands.ts";
import { failed, timed, type ImageRun, type SmokeTestResult } from "./run-types.ts";
import { healthVerdict, parseHostPort, parseState, shutdownFailures } from "./service-state.ts";
import type { HttpCheck, ServiceTest } from "./spec-types.ts";

const pollMs = 500;
const logTail = 20;

export async function runServiceTests(
  run: ImageRun,
  healthTimeoutSeconds = defaultConfig.smoke.healthTimeoutSeconds,
): Promise<SmokeTestResult[]> {
  const results: SmokeTestResult[] = [];
  for (const test of run.spec.serviceTests)
    results.push(...(await runServiceTest(run, test, test.healthTimeoutSeconds ?? healthTimeoutSeconds)));
  return results;
}

async function runServiceTest(run: ImageRun, test: ServiceTest, timeoutSeconds: number): Promise<SmokeTestResult[]> {
  const prefix = `Service Test: ${test.name}`;
  const name = run.tracker.name(run.target);
  try {
    const argv = serviceRunArgs({
      id: { name, runId: run.tracker.runId },
      image: run.image,
      options: run.spec.containerRunOptions,
      env: testEnv(run, test),
      healthIntervalSeconds: test.healthIntervalSeconds,
      ...(test.port === undefined ? {} : { port: test.port }),
    });
    const started = await run.exec(argv, { check: false, ...signalOf(run) });
    if (started.exitCode !== 0)
      return [failed(`${prefix} › start`, `docker run failed:\n${quote("stderr", started.stderr)}`)];
    const results = [await timed(run, `${prefix} › healthy`, () => waitHealthy(run, name, timeoutSeconds * 1000))];
    const healthy = results[0]?.passed === true;
    for (const check of test.httpChecks) {
      results.push(
        healthy
          ? await timed(run, `${prefix} › ${check.name}`, () => httpCheck(run, name, test, check))
          : failed(`${prefix} › ${check.name}`, "skipped: the service never became healthy"),
      );
    }
    results.push(
      await timed(run, `${prefix} › SIGTERM exits ${test.expectedExitCode} within ${test.stopGraceSeconds}s`, () =>
        stop(run, name, test),
      ),
    );
    return await withLogs(run, name, results);
  } finally {
    await run.tracker.release(name);
  }
}

async function waitHealthy(run: ImageRun, name: string, timeoutMs: number): Promise<string[]> {
  const start = run.now();
  for (;;) {
    const inspected = await run.exec(stateArgs(name), { ...signalOf(run) });
    const verdict = healthVerdict(parseState(inspected.stdout), run.now() - start, timeoutMs);
    if (verdict.done) return verdict.failure ? [verdict.failure] : [];
    await run.sleep(pollMs);
  }
}

async function httpCheck(run: ImageRun, name: string, test: ServiceTest, check: HttpCheck): Promise<string[]> {
  if (test.port === undefined) return ["httpChecks need the service test's `port`"];
  const mapped = await run.exec(portArgs(name, test.port), { ...signalOf(run) });
  const hostPort = parseHostPort(mapped.stdout);
  if (hostPort === undefined)
    return [`port ${test.port} is not published: \`docker port\` said ${JSON.stringify(mapped.stdout.trim())}`];
  const url = `http://127.0.0.1:${hostPort}${check.path}`;
  try {
    const body = check.body === undefined ? {} : { body: check.body };
    const request = { method: check.method, headers: check.headers, timeoutMs: 15_000, ...signalOf(run), ...body };
    const response = await run.http(url, request);
    return checkHttp(check, response);
  } catch (error) {
    return [`${check.method} ${check.path} failed: ${error instanceof Error ? error.message : String(error)}`];
  }
}

async function stop(run: ImageRun, name: string, test: ServiceTest): Promise<string[]> {
  const before = parseState((await run.exec(stateArgs(name), { ...signalOf(run) })).stdout);
  if (!before.running) return [`the container had already exited with code ${before.exitCode} before SIGTERM was sent`];
  const start = run.now();
  await run.exec(stopArgs(name, test.stopGraceSeconds), {
    timeoutMs: (test.stopGraceSeconds + 30) * 1000,
    ...signalOf(run),
  });
  const elapsed = run.now() - start;
  const state = parseState((await run.exec(stateArgs(name), { ...signalOf(run) })).stdout);
  if (state.running) return [`still running ${Math.round(elapsed / 1000)}s after SIGTERM`];
  return shutdownFailures(state.exitCode, test.expectedExitCode, elapsed, test.stopGraceSeconds);
}

/** The first failure of a service test gets the container's last log lines appended. */
async function withLogs(run: ImageRun, name: string, results: SmokeTestResult[]): Promise<SmokeTestResult[]> {
  const index = results.findIndex((result) => !result.passed);
  const first = results[index];
  if (!first) return results;
  const logs = await run.exec(logsArgs(name, logTail), { check: false });
  const text = [logs.stdout, logs.stderr].filter((part) => part.trim()).join("\n");
  const copy = [...results];
  copy[index] = {
    ...first,
    message:
      `${first.message ?? ""}\n  container log (last ${logTail} ` +
      `lines):\n${quote("log", text).split("\n").slice(1).join("\n") || "    (empty)"}`,
  };
  return copy;
}
