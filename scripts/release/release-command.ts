// `pnpm images release`: the same command in GitHub Actions and in a local rehearsal against
// any registry. Reads the world (config, trigger, bake targets), plans, then runs or prints.
import { existsSync, readFileSync } from "node:fs";
import { flag, listOption, stringOption, type CommandContext, type CommandSpec, type OptionValues } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError } from "../errors/errors.ts";
import { ReleaseFailedError } from "../errors/release.ts";
import { loadBakeDefinition } from "../read/definition.ts";
import { readHost } from "../read/host.ts";
import { kindOf } from "../plan/outputs.ts";
import type { AttestMode } from "../plan/plan.ts";
import { specFileOf } from "../smoke/targets.ts";
import { contextFromGit, contextFromGithubEnv, nowFromEnv, requireSemverRef, shortShaLength, type GitContext } from "../tags/index.ts";
import { createReporter, publishFailure, publishResult } from "./actions.ts";
import { formatPlan, formatResult } from "./format.ts";
import { liveDeps, registryClient } from "./live-deps.ts";
import { requireEmulationFor } from "../toolchain/emulation.ts";
import { planRelease, type ReleasePlan, type ReleaseTarget } from "./release-plan.ts";
import { runRelease } from "./release.ts";

export const releaseCommand: CommandSpec = {
  name: "release",
  usage: "pnpm images release [--registry HOST[:PORT][/NS]] [--platform LIST] [--dry-run] [--json] [--workspace DIR]",
  options: {
    registry: { type: "string", value: "HOST[:PORT][/NS]", description: "Registry to release to (default: `registry` in images.config.yaml)" },
    platform: { type: "string", multiple: true, value: "LIST", description: "Platforms, comma-separated (default: config, else linux/amd64,linux/arm64 in Actions, else this machine's)" },
    "dry-run": { type: "boolean", description: "Print the whole plan, tags included, and touch nothing" },
    json: { type: "boolean", description: "Print the result (or, after a failure, the failure report) as JSON on stdout" },
  },
  notes: [
    "The trigger comes from GITHUB_REF/GITHUB_SHA when set (Actions, or a rehearsal), else from local git;",
    "it must be a semver tag (refs/tags/v1.2.3). Tags move only " + "after every image linted, built and passed its smoke spec.",
    "Provenance and SBOM attestations are on in Actions; " + "elsewhere provenance only (the SBOM scanner image comes " + "from Docker Hub). " + "IMAGES_RELEASE_ATTEST=true|provenance|false decides.",
    "With GITHUB_OUTPUT / GITHUB_STEP_SUMMARY set, outputs and " + "the summary table are written there. See docs/release.md.",
  ],
  run: async (given, values) => {
    const ctx = await withSourceDate(given);
    const context = await releaseContext(ctx);
    requireSemverRef(context);
    const plan = await readPlan(ctx, values, context);
    if (flag(values, "dry-run")) {
      ctx.out(formatPlan(plan, ctx.workspace));
      return 0;
    }
    try {
      const result = await release(ctx, plan, context);
      await publishResult(result, ctx.env);
      ctx.out(flag(values, "json") ? JSON.stringify(result, null, 2) : formatResult(result));
      return 0;
    } catch (error) {
      await publishFailure(error, plan.version, ctx.env);
      if (flag(values, "json") && error instanceof ReleaseFailedError) ctx.out(JSON.stringify(error.report, null, 2));
      throw error;
    }
  },
};

async function release(ctx: CommandContext, plan: ReleasePlan, context: GitContext) {
  await requireEmulationFor(ctx.exec, plan.platforms, plan.nativePlatform);
  const reporter = createReporter(ctx.env, ctx.err);
  const client = await registryClient(plan.registry.host, ctx.env, ctx.exec, reporter.log);
  const deps = liveDeps(client, ctx.exec, plan.nativePlatform, reporter.log);
  const config = loadConfig(ctx.workspace, ctx.env);
  return runRelease({ ctx, plan, context, deps, reporter, smokeParallel: config.smoke.parallel });
}

/**
 * A release is stamped with its commit's time, not the clock: the same tag rebuilt gives the
 * same labels and so, with a warm cache, the same digests (a rerun then moves no tag).
 */
async function withSourceDate(ctx: CommandContext): Promise<CommandContext> {
  if (ctx.env.SOURCE_DATE_EPOCH) return ctx;
  const result = await ctx.exec(["git", "log", "-1", "--format=%ct"], { cwd: ctx.workspace, check: false }).catch(() => undefined);
  const epoch = result?.exitCode === 0 ? result.stdout.trim() : "";
  return /^\d+$/.test(epoch) ? { ...ctx, env: { ...ctx.env, SOURCE_DATE_EPOCH: epoch } } : ctx;
}

/** GITHUB_* when a ref is given there (Actions or a rehearsal), else the local git checkout. */
export async function releaseContext(ctx: Pick<CommandContext, "env" | "exec" | "workspace">): Promise<GitContext> {
  if (ctx.env.GITHUB_REF) return contextFromGithubEnv(ctx.env, (path) => readFileSync(path, "utf8"));
  return contextFromGit(ctx.exec, ctx.workspace);
}

async function readPlan(ctx: CommandContext, values: OptionValues, context: GitContext): Promise<ReleasePlan> {
  const config = loadConfig(ctx.workspace, ctx.env);
  const definition = await loadBakeDefinition({ workspace: ctx.workspace, bakeFile: config.bakeFile, exec: ctx.exec, env: ctx.env });
  const listed = definition.groups.default ?? Object.keys(definition.targets).filter((name) => !name.startsWith("_"));
  // Checks and file outputs are run by builds, never released.
  const names = listed.filter((name) => !definition.targets[name] || kindOf(definition.targets[name]) === "image");
  const targets: ReleaseTarget[] = names.map((name) => {
    const target = definition.targets[name];
    const specFile = target ? specFileOf(target) : undefined;
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
    nativePlatform: readHost().nativePlatform,
    ci: ctx.env.GITHUB_ACTIONS === "true",
    ...(registry ? { registry } : {}),
    ...(platforms.length > 0 ? { platforms } : {}),
    ...(length === undefined ? {} : { shortShaLength: length }),
    ...(attest === undefined ? {} : { attest }),
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
