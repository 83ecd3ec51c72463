// commandTests: each in a fresh container whose entrypoint is the command; setup steps run
// first and are committed to a scratch image, as container-structure-test's docker driver does.
import { runAttached, type AttachedResult } from "./attached-run.ts";
import { quote, checkCommand } from "./checks.ts";
import { commandRunArgs, commitArgs } from "./docker-args.ts";
import { expandEnv } from "./image-config.ts";
import { timed, type ImageRun, type SmokeTestResult } from "./run-types.ts";
import type { CommandTest, EnvVar } from "./spec-types.ts";

export async function runCommandTests(run: ImageRun): Promise<SmokeTestResult[]> {
  const results: SmokeTestResult[] = [];
  for (const test of run.spec.commandTests) {
    results.push(await timed(run, `Command Test: ${test.name}`, () => runCommandTest(run, test)));
  }
  return results;
}

async function runCommandTest(run: ImageRun, test: CommandTest): Promise<string[]> {
  const env = testEnv(run, test);
  const prepared = await applySetup(run, test, env);
  if ("failure" in prepared) return [prepared.failure];
  const result = await runInContainer(run, prepared.image, env, [test.command, ...test.args]);
  if (result.timedOut) return [timeoutFailure(run, [test.command, ...test.args])];
  for (const step of test.teardown) {
    const teardown = await runInContainer(run, prepared.image, env, step);
    if (teardown.exitCode !== 0)
      run.log(`${run.target}: teardown \`${step.join(" ")}\` exited with ${teardown.exitCode}`);
  }
  return checkCommand(test, result);
}

/** Global then per-test variables, `$NAME` expanded with the image's environment. */
export function testEnv(run: Pick<ImageRun, "spec" | "config">, test: { envVars: EnvVar[] }): EnvVar[] {
  return [...run.spec.globalEnvVars, ...test.envVars].map((v) => ({ ...v, value: expandEnv(v.value, run.config.env) }));
}

async function applySetup(
  run: ImageRun,
  test: CommandTest,
  env: EnvVar[],
): Promise<{ image: string } | { failure: string }> {
  let image = run.image;
  for (const step of test.setup) {
    const name = run.tracker.name(run.target);
    const argv = commandRunArgs({
      id: { name, runId: run.tracker.runId },
      image,
      options: run.spec.containerRunOptions,
      env,
      argv: expand(run, step),
      keep: true,
    });
    const result = await runAttached(run, name, argv, run.commandTimeoutMs);
    if (result.timedOut || result.exitCode !== 0) {
      await run.tracker.release(name);
      const exited = `setup \`${step.join(" ")}\` exited with ${result.exitCode}\n${quote("stderr", result.stderr)}`;
      return { failure: result.timedOut ? `setup ${timeoutFailure(run, step)}` : exited };
    }
    const tag = run.tracker.imageTag(run.target);
    await run.exec(commitArgs(name, tag, run.tracker.runId), { ...signalOf(run) });
    await run.tracker.release(name);
    image = tag;
  }
  return { image };
}

async function runInContainer(
  run: ImageRun,
  image: string,
  env: EnvVar[],
  argv: readonly string[],
): Promise<AttachedResult> {
  const name = run.tracker.name(run.target);
  try {
    const id = { name, runId: run.tracker.runId };
    const docker = commandRunArgs({ id, image, options: run.spec.containerRunOptions, env, argv: expand(run, argv) });
    return await runAttached(run, name, docker, run.commandTimeoutMs);
  } finally {
    // --rm already removed it, unless it was stopped (timeout, Ctrl-C) or the client died.
    await run.tracker.release(name);
  }
}

function timeoutFailure(run: ImageRun, argv: readonly string[]): string {
  const seconds = Math.round(run.commandTimeoutMs / 1000);
  return `\`${argv.join(" ")}\` was still running after ${seconds}s: its container was stopped and removed`;
}

function expand(run: ImageRun, argv: readonly string[]): string[] {
  return argv.map((arg) => expandEnv(arg, run.config.env));
}

export function signalOf(run: Pick<ImageRun, "signal">): { signal?: AbortSignal } {
  return run.signal ? { signal: run.signal } : {};
}
