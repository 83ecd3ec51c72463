// Set-up before a build or the tests: read the facts, plan, then provision the engine or seed the
// stand-ins a plan needs, announcing each step and why. A machine that has it all is not touched.
import type { CommandContext } from "../cli/command.ts";
import { EngineError, ImagesError } from "../errors/errors.ts";
import type { BuildPlan } from "../plan/plan.ts";
import { planEngineSetup, planSeedSetup, type SetupStep } from "./plan.ts";
import { readEngineFacts, readMirrorFacts, upstreamNeeds, withAvailable } from "./read.ts";

/** Makes sure an engine answers: provisions it on a Debian root machine, else a clear error. */
export async function ensureEngine(ctx: CommandContext, allowed: boolean): Promise<void> {
  const steps = planEngineSetup(await readEngineFacts(ctx.exec, ctx.engine), allowed);
  for (const step of steps) await applyStep(ctx, step);
}

/** Seeds the stand-ins the plan needs and the mirror lacks, for the plan's platforms only. */
export async function ensureMirrors(
  ctx: CommandContext,
  plan: BuildPlan,
  mirrors: Record<string, string>,
  nativePlatform: string,
  allowed: boolean,
): Promise<void> {
  if (Object.keys(mirrors).length === 0 || plan.targets.length === 0) return;
  const steps = planSeedSetup(await readMirrorFacts(plan, mirrors, nativePlatform, ctx.fetch), allowed);
  for (const step of steps) await applyStep(ctx, step);
}

/** Seeds the given mirrors (upstream → mirror reference) where the registry lacks them: for what a build outside
 * the repository's plan uses (the stack's redis, the fixture echo agent's base). */
export async function ensureUpstreams(
  ctx: CommandContext,
  mirrors: Record<string, string>,
  platforms: string[],
  allowed: boolean,
): Promise<void> {
  if (Object.keys(mirrors).length === 0) return;
  const steps = planSeedSetup(await withAvailable(upstreamNeeds(mirrors, platforms), ctx.fetch), allowed);
  for (const step of steps) await applyStep(ctx, step);
}

async function applyStep(ctx: CommandContext, step: SetupStep): Promise<void> {
  if (step.kind === "fail") throw new EngineError(step.message, step.hint);
  ctx.err(`setup: ${step.why}`);
  // Set-up runs inside another command (build, stack test): its stdout is that command's report
  // (`--json`), so the steps' own lines go to stderr.
  const quiet: CommandContext = { ...ctx, out: ctx.err };
  const code = step.kind === "provision-engine" ? await provision(quiet) : await seed(quiet, step);
  if (code !== 0)
    throw new ImagesError("build", `set-up step failed: ${step.why}`, {
      hint: "See the lines above; `pnpm images doctor` shows what is still missing.",
    });
}

async function provision(ctx: CommandContext): Promise<number> {
  const { fixToolchain } = await import("../toolchain/doctor-command.ts");
  return fixToolchain(ctx);
}

async function seed(ctx: CommandContext, step: Extract<SetupStep, { kind: "seed" }>): Promise<number> {
  const { seedStandIns } = await import("../bases/bases-command.ts");
  return seedStandIns(ctx, { only: step.upstreams, platforms: step.platforms, registry: step.registry, force: false });
}
