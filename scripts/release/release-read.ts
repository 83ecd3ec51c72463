// The release's reading step: trigger, config, bake targets → the plan; and the live world a run
// needs (registry client with docker's credentials, the real stages). Every mode starts here.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { listOption, stringOption, type CommandContext, type OptionValues } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError } from "../errors/errors.ts";
import { loadBakeDefinition } from "../plan/definition.ts";
import type { AttestMode } from "../plan/plan.ts";
import { releasedTargets } from "../plan/released.ts";
import { contextFromGit, contextFromGithubEnv, nowFromEnv, shortShaLength, type GitContext } from "../tags/index.ts";
import { requireEmulationFor } from "../toolchain/emulation.ts";
import { createReporter } from "./actions.ts";
import { liveDeps, registryClient } from "./live-deps.ts";
import {
  nativePlatformOf,
  planRelease,
  type ReleasePlan,
  type ReleasePlanInput,
  type ReleaseTarget,
} from "./release-plan.ts";
import type { ReleaseRun } from "./release.ts";

/**
 * The live world of a run (`builds`: false for the promotion): the registry client with docker's
 * credentials, and the real stages.
 */
export async function releaseRun(
  ctx: CommandContext,
  plan: ReleasePlan,
  context: GitContext,
  builds = true,
): Promise<ReleaseRun> {
  // The promotion builds nothing: its runner needs no emulator for the platforms it assembles.
  if (builds) await requireEmulationFor(ctx.exec, plan.platforms, nativePlatformOf(process.platform, process.arch));
  const reporter = createReporter(ctx.env, ctx.err);
  const client = await registryClient(plan.registry.host, ctx.env, ctx.exec, reporter.log);
  const deps = liveDeps(client, ctx.exec, plan.nativePlatform, reporter.log);
  const config = loadConfig(ctx.workspace, ctx.env);
  return { ctx, plan, context, deps, reporter, smokeParallel: config.smoke.parallel };
}

/**
 * A release is stamped with its commit's time, not the clock: the same tag rebuilt gives the
 * same labels and so, with a warm cache, the same digests (a rerun then moves no tag).
 */
export async function withSourceDate(ctx: CommandContext): Promise<CommandContext> {
  if (ctx.env.SOURCE_DATE_EPOCH) return ctx;
  const result = await ctx
    .exec(["git", "log", "-1", "--format=%ct"], { cwd: ctx.workspace, check: false })
    .catch(() => undefined);
  const epoch = result?.exitCode === 0 ? result.stdout.trim() : "";
  return /^\d+$/.test(epoch) ? { ...ctx, env: { ...ctx.env, SOURCE_DATE_EPOCH: epoch } } : ctx;
}

/** GITHUB_* when a ref is given there (Actions or a rehearsal), else the local git checkout. */
export async function releaseContext(ctx: Pick<CommandContext, "env" | "exec" | "workspace">): Promise<GitContext> {
  if (ctx.env.GITHUB_REF) return contextFromGithubEnv(ctx.env, (path) => readFileSync(path, "utf8"));
  return contextFromGit(ctx.exec, ctx.workspace);
}

/** `extra`: what a shard or the promotion decides (its platforms, its part). */
export async function readPlan(
  ctx: CommandContext,
  values: OptionValues,
  context: GitContext,
  extra: Partial<ReleasePlanInput> = {},
): Promise<ReleasePlan> {
  const config = loadConfig(ctx.workspace, ctx.env);
  const definition = await loadBakeDefinition({
    workspace: ctx.workspace,
    bakeFile: config.bakeFile,
    exec: ctx.exec,
    env: ctx.env,
  });
  const targets: ReleaseTarget[] = releasedTargets(definition).map((name) => {
    const dockerfile = definition.targets[name]?.dockerfile;
    const specFile = dockerfile ? join(dirname(dockerfile), "smoke.yaml") : undefined;
    return { name, ...(specFile && existsSync(specFile) ? { specFile } : {}) };
  });
  const registry = stringOption(values, "registry");
  const platforms = listOption(values, "platform").flatMap((entry) => entry.split(","));
  const length = shortShaLength(ctx.env);
  const attest = attestFromEnv(ctx.env.IMAGES_RELEASE_ATTEST);
  return planRelease({
    context,
    config,
    targets,
    now: nowFromEnv(ctx.env, ctx.now),
    nativePlatform: nativePlatformOf(process.platform, process.arch),
    ci: ctx.env.GITHUB_ACTIONS === "true",
    ...(registry ? { registry } : {}),
    ...(platforms.length > 0 ? { platforms } : {}),
    ...(length === undefined ? {} : { shortShaLength: length }),
    ...(attest === undefined ? {} : { attest }),
    ...extra,
  });
}

/** IMAGES_RELEASE_ATTEST: true (provenance and SBOM), provenance, false; unset: the plan's default. */
function attestFromEnv(value: string | undefined): AttestMode | undefined {
  if (!value) return undefined;
  const modes: Record<string, AttestMode> = { true: "full", provenance: "provenance", false: "none" };
  const mode = modes[value];
  if (!mode) throw new UsageError(`IMAGES_RELEASE_ATTEST must be true, provenance or false, got "${value}"`);
  return mode;
}
