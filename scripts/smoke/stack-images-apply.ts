// The apply step for the stack's images: read (stack-images-read.ts), plan (stack-images.ts), say
// each decision and why, then make what the plan says: seed and pull mirrors, build the repository's
// targets as `pnpm build:images` does (lint and smoke off: the stack test is the check), build the
// fixture echo agent. Returns the compose override that points services at their stand-ins.
// What it builds stays, as `images build`'s output does; the stack's containers and volumes do not.
import type { CommandContext } from "../cli/command.ts";
import { runBuild } from "../bake/build.ts";
import { setupStage } from "../bake/build-deps.ts";
import { MissingImagesError } from "../errors/errors.ts";
import { ensureUpstreams } from "../setup/apply.ts";
import { planStackImages, stackImagesOverride, type StackImagePlan } from "./stack-images.ts";
import { readStackImages, standInWorkspace, type StackImageReads } from "./stack-images-read.ts";

/** Every service's image here (or an error naming what is missing, with nothing started); the override, if any. */
export async function ensureStackImages(
  ctx: CommandContext,
  services: Record<string, string | undefined>,
  allowed: boolean,
): Promise<string | undefined> {
  const reads = await readStackImages(ctx, services, allowed);
  const plan = planStackImages(reads.facts);
  // The error lists what is missing; decisions it stops would only say what did not happen.
  if (plan.problems.length) throw new MissingImagesError(plan.problems, !allowed);
  for (const decision of plan.decisions) ctx.out(`stack: ${decision.why}`);
  await pullMirrors(ctx, plan, reads, allowed);
  await buildTargets(ctx, plan, allowed);
  await buildStandIn(ctx, plan, reads, allowed);
  return stackImagesOverride(plan);
}

async function pullMirrors(ctx: CommandContext, plan: StackImagePlan, reads: StackImageReads, allowed: boolean) {
  const { mirrors } = reads.facts;
  const seeds = Object.fromEntries(plan.seeds.map((upstream) => [upstream, mirrors[upstream] ?? ""]));
  await ensureUpstreams(ctx, seeds, [reads.nativePlatform], allowed);
  for (const ref of plan.pulls) {
    ctx.out(`stack: pulling ${ref}`);
    await ctx.exec(["docker", "pull", "--quiet", ref], { signal: ctx.signal, log: ctx.err });
  }
}

async function buildTargets(ctx: CommandContext, plan: StackImagePlan, allowed: boolean) {
  if (plan.builds.length === 0) return;
  ctx.out(`stack: building ${plan.builds.join(", ")} as \`pnpm build:images\` does (lint and smoke off)`);
  const request = { targets: plan.builds, output: "load", changed: false, attest: "none" } as const;
  await runBuild(
    ctx,
    { ...request, smoke: false, lint: false, dryRun: false, progress: "auto" },
    {
      setup: setupStage(allowed),
    },
  );
}

async function buildStandIn(ctx: CommandContext, plan: StackImagePlan, reads: StackImageReads, allowed: boolean) {
  const standIn = reads.standIn;
  if (!plan.buildStandIn || !standIn) return;
  ctx.out(`stack: building the fixture echo agent ${reads.facts.standIn?.ref ?? ""} in ${standInWorkspace}`);
  await ensureUpstreams(ctx, standIn.mirrors, [reads.nativePlatform], allowed);
  await ctx.exec(standIn.argv, { cwd: standIn.cwd, env: ctx.env, signal: ctx.signal, group: true, log: ctx.err });
}
