// Edge: `--builder NAME` on build and release. Inspect the builder, choose the path as data
// (plan/builder-path.ts), print why, and hand back a context whose every buildx call uses it.
import type { CommandContext } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { chooseBuilderPath, type BuilderPath, type PathRequest } from "../plan/builder-path.ts";
import { readBuilder, withBuilder } from "../toolchain/builder.ts";

export interface BuilderUse {
  ctx: CommandContext;
  path: BuilderPath;
}

export async function useBuilder(
  ctx: CommandContext,
  name: string,
  request: Omit<PathRequest, "cacheMode">,
): Promise<BuilderUse> {
  const cacheMode = loadConfig(ctx.workspace, ctx.env).cache.mode;
  const path = chooseBuilderPath(await readBuilder(ctx.exec, name), { ...request, cacheMode });
  for (const note of path.notes) ctx.err(note);
  // The cache mode travels as its documented override, so every later config read agrees.
  const env = { ...ctx.env, BUILDX_BUILDER: name, ...(path.cacheMode ? { IMAGES_CACHE_MODE: path.cacheMode } : {}) };
  return { ctx: { ...ctx, env, exec: withBuilder(ctx.exec, name) }, path };
}
