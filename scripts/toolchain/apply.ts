// Runs planned fix steps in order and reports each one. Required parts stop on the first failure;
// optional parts (shellcheck, debootstrap, qemu) only warn, because a container may forbid binfmt.
import { dirname } from "node:path";
import { EngineError, ImagesError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import { engineStatus } from "./engine.ts";
import type { HttpRequest } from "./http.ts";
import { probeRegistry } from "./probe.ts";
import { formatStep } from "./format.ts";
import type { FixEnvironment, FixStep, PartName } from "./types.ts";

export interface ApplyWorld {
  exec: Exec;
  http: HttpRequest;
  readText: (path: string) => string | undefined;
  /** Unprivileged file writes (the workspace cache, or anything when running as root). */
  writeFile: (path: string, content: string) => void;
  mkdir: (path: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  report: (line: string) => void;
}

export interface StepOutcome {
  step: FixStep;
  ok: boolean;
  error?: string;
}

const optionalParts: ReadonlySet<PartName> = new Set(["shellcheck", "debootstrap", "qemu arm64"]);

export async function applyFixes(
  steps: readonly FixStep[],
  env: FixEnvironment,
  world: ApplyWorld,
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  const skipped = new Set<PartName>();
  for (const step of steps) {
    if (skipped.has(step.part)) continue;
    try {
      await applyStep(step, env, world);
      outcomes.push({ step, ok: true });
      world.report(formatStep(step.kind === "note" ? "note" : "did", step.part, step.why));
    } catch (error) {
      if (!optionalParts.has(step.part) || !(error instanceof ImagesError)) throw error;
      skipped.add(step.part);
      outcomes.push({ step, ok: false, error: error.message.split("\n")[0] ?? error.message });
      world.report(
        formatStep("warn", step.part, `could not finish "${step.why}": ${error.message.split("\n")[0] ?? ""}`),
      );
    }
  }
  return outcomes;
}

async function applyStep(step: FixStep, env: FixEnvironment, world: ApplyWorld): Promise<void> {
  switch (step.kind) {
    case "note":
      return;
    case "mkdir":
      return world.mkdir(step.path);
    case "run":
      await world.exec(step.argv, { check: true, timeoutMs: 15 * 60_000, log: world.report });
      return;
    case "write-file":
      return writeFile(step.path, step.content, step.privileged, env, world);
    case "copy-file":
      return writeFile(step.to, readSource(step.from, world), step.privileged, env, world);
    case "wait":
      return waitUntil(step, env, world);
  }
}

async function writeFile(
  path: string,
  content: string,
  privileged: boolean,
  env: FixEnvironment,
  world: ApplyWorld,
): Promise<void> {
  if (!privileged || env.privilege.length === 0) {
    world.mkdir(dirname(path));
    world.writeFile(path, content);
    return;
  }
  await world.exec([...env.privilege, "mkdir", "-p", dirname(path)]);
  await world.exec([...env.privilege, "tee", path], { input: content });
}

function readSource(path: string, world: ApplyWorld): string {
  const text = world.readText(path);
  if (text === undefined)
    throw new EngineError(`${path} does not exist`, "Install qemu-user-static (apt-get install -y qemu-user-static).");
  return text;
}

async function waitUntil(
  step: Extract<FixStep, { kind: "wait" }>,
  env: FixEnvironment,
  world: ApplyWorld,
): Promise<void> {
  const deadline = world.now() + step.timeoutMs;
  for (;;) {
    const answer =
      step.until === "engine" ? await engineStatus(world.exec) : await probeRegistry(world.http, env.registryAddress);
    const up = "ok" in answer ? answer.ok : answer.answering;
    if (up) return;
    if (world.now() >= deadline)
      throw new EngineError(
        `gave up waiting after ${step.timeoutMs / 1000} s: ${step.why}`,
        "Look at the log named above for why it did not start.",
      );
    await world.sleep(1_000);
  }
}
