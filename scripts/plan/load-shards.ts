// Edge: the release's shards for this workspace, read from images.config.yaml and `bake --print`.
// `plan --matrix`, `release --shard` and `release --promote` all start here, so they agree.
import type { CommandContext } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { platformForms, platformListProblem, splitPlatforms } from "../config/overrides.ts";
import type { ImagesConfig } from "../config/types.ts";
import { UsageError } from "../errors/errors.ts";
import { loadBakeDefinition } from "./definition.ts";
import { planShards, type Shard } from "./matrix.ts";
import { ciPlatforms } from "./platforms.ts";
import { releasedTargets } from "./released.ts";

/**
 * --platform, else `platforms` in the config, else amd64 and arm64: the matrix is for native runners,
 * whatever this machine is.
 */
export function matrixPlatforms(given: readonly string[], config: Pick<ImagesConfig, "platforms">): string[] {
  const joined = given.join(",");
  if (joined) {
    const problem = platformListProblem(joined);
    if (problem) throw new UsageError(`--platform ${problem}`, `Valid forms: ${platformForms}.`);
    return [...new Set(splitPlatforms(joined))];
  }
  return config.platforms.length ? [...config.platforms] : [...ciPlatforms];
}

export async function loadShards(
  ctx: Pick<CommandContext, "workspace" | "env" | "exec">,
  platforms: readonly string[],
): Promise<Shard[]> {
  const config = loadConfig(ctx.workspace, ctx.env);
  const definition = await loadBakeDefinition({
    workspace: ctx.workspace,
    bakeFile: config.bakeFile,
    exec: ctx.exec,
    env: ctx.env,
  });
  return planShards({
    definition,
    targets: releasedTargets(definition),
    platforms: matrixPlatforms(platforms, config),
    matrix: config.matrix,
  });
}
