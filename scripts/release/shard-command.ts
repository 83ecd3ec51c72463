// The sharded release's two steps as commands: `release --shard ID --results DIR` on each runner,
// `release --promote --results DIR` once after them all. Both recompute the matrix from the same
// checkout (plan/load-shards.ts), so a shard knows its part and the promotion knows who must report.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { flag, listOption, stringOption, type CommandContext, type OptionValues } from "../cli/command.ts";
import { useBuilder } from "../bake/builder-context.ts";
import { ReleaseFailedError, UsageError } from "../errors/errors.ts";
import { loadShards, matrixPlatforms } from "../plan/load-shards.ts";
import { findShard } from "../plan/matrix.ts";
import { loadConfig } from "../config/load.ts";
import type { GitContext } from "../tags/index.ts";
import { publishFailure, publishResult, publishShard } from "./actions.ts";
import { formatPlan, formatResult, formatShardResult } from "./format.ts";
import { readPlan, releaseRun } from "./release-read.ts";
import type { ReleasePlan } from "./release-plan.ts";
import { collateResults, type ReadResult } from "./shard-collate.ts";
import { failedResult, parseShardResult, resultFileName, type ShardResult } from "./shard-result.ts";
import { runPromotion, runShard } from "./shards.ts";

/** `--builder NAME`: the context that builds on it, and the plan's push path; without it, both unchanged. */
export async function applyBuilder(
  ctx: CommandContext,
  values: OptionValues,
  plan: ReleasePlan,
): Promise<{ ctx: CommandContext; plan: ReleasePlan }> {
  const name = stringOption(values, "builder");
  if (!name) return { ctx, plan };
  const use = await useBuilder(ctx, name, { platforms: plan.platforms, load: true });
  ctx.err(use.path.pushNote);
  return { ctx: use.ctx, plan: { ...plan, push: use.path.push } };
}

export async function runShardCommand(ctx: CommandContext, values: OptionValues, context: GitContext): Promise<number> {
  const shards = await loadShards(ctx, listOption(values, "platform"));
  const shard = findShard(shards, stringOption(values, "shard") ?? "");
  // The shard's own platform; the matrix's platform list only chose the shards.
  const planned = await readPlan(ctx, { ...values, platform: undefined }, context, { shard });
  const { ctx: built, plan } = await applyBuilder(ctx, values, planned);
  if (flag(values, "dry-run")) {
    ctx.out(formatPlan(plan, ctx.workspace));
    return 0;
  }
  const dir = resultsDir(values);
  try {
    const result = await runShard(await releaseRun(built, plan, context));
    writeResult(dir, result);
    await publishShard(result, ctx.env);
    ctx.out(flag(values, "json") ? JSON.stringify(result, null, 2) : formatShardResult(result));
    return 0;
  } catch (error) {
    // The promotion names this shard and why, instead of only "did not report".
    writeResult(dir, failedResult(plan, context, error));
    await publishFailure(error, plan.version, ctx.env);
    throw error;
  }
}

export async function runPromoteCommand(
  ctx: CommandContext,
  values: OptionValues,
  context: GitContext,
): Promise<number> {
  const config = loadConfig(ctx.workspace, ctx.env);
  const platforms = matrixPlatforms(listOption(values, "platform"), config);
  const shards = await loadShards(ctx, platforms);
  const plan = await readPlan(ctx, { ...values, platform: [platforms.join(",")] }, context, { requireNative: false });
  const dir = resultsDir(values);
  try {
    const parts = collateResults({ plan, commit: context.sha, shards }, readResults(dir));
    const result = await runPromotion(await releaseRun(ctx, plan, context, false), parts);
    await publishResult(result, ctx.env);
    ctx.out(flag(values, "json") ? JSON.stringify(result, null, 2) : formatResult(result));
    return 0;
  } catch (error) {
    await publishFailure(error, plan.version, ctx.env);
    if (flag(values, "json") && error instanceof ReleaseFailedError) ctx.out(JSON.stringify(error.report, null, 2));
    throw error;
  }
}

/** --results is relative to the current folder, as --workspace is. */
function resultsDir(values: OptionValues): string {
  return resolve(stringOption(values, "results") ?? "");
}

function writeResult(dir: string, result: ShardResult): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, resultFileName(result.shard)), `${JSON.stringify(result, null, 2)}\n`);
}

/** Every *.json under `dir`: download-artifact puts each artifact in its own folder unless told to merge. */
export function readResults(dir: string): ReadResult[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      `--results ${dir} is not a folder`,
      "Download every shard's result there first (actions/download-artifact with pattern: shard-*).",
    );
  }
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name));
  return files.map((file) => ({
    file: relative(process.cwd(), file) || file,
    result: parseShardResult(readFileSync(file, "utf8"), file),
  }));
}
