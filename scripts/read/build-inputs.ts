// The read step of a build: everything the planner needs, gathered from outside the process and
// nothing decided here. Config and environment, `bake --print`, git, the mirror registry, the
// machine's platform, the build-time URLs, the files each target sends, and (for --changed) what a
// finished build already produced. Pure helpers from plan/ only say what there is to read.
import type { CommandContext } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import type { ImagesConfig } from "../config/types.ts";
import { checkCacheDir } from "../bake/cache-prune.ts";
import { findUnchanged } from "../bake/built-state.ts";
import { buildOrder, expandSelection } from "../plan/graph.ts";
import { hashTargets, requireInputs } from "../plan/input-hash.ts";
import { neededUrls } from "../plan/needs.ts";
import { changeCandidates, type PlanRequest } from "../plan/prepare.ts";
import { readTagInputs, type TagInputs } from "../tags/index.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { loadSelection } from "./selection.ts";
import { effectiveMirrors, hostCaFile, unreachableUrls } from "./environment.ts";
import { readHost, type HostFacts } from "./host.ts";

export interface BuildInputs {
  workspace: string;
  /** images.config.yaml with the environment's overrides and the request's registry applied. */
  config: ImagesConfig;
  definition: BakeDefinition;
  tags: TagInputs;
  /** Effective mirror map (empty when mirrors are off or do not answer). */
  mirrors: Record<string, string>;
  /** Input hash of every target in build order (the files each one sends, its args and labels). */
  hashes: Record<string, string>;
  /** `needs:` URLs that gave no answer from this machine. */
  unreachable: ReadonlySet<string>;
  /** --changed: targets a finished build already produced, with the reason. */
  unchanged: Record<string, string>;
  host: HostFacts;
  /** Host CA bundle for the `host_ca` secret, when the machine has one. */
  caFile?: string;
  /** SOURCE_DATE_EPOCH, for reproducible image timestamps. */
  sourceDateEpoch?: string;
}

/** images.config.yaml with the environment's overrides and the request's registry. */
export function readConfig(ctx: CommandContext, request: PlanRequest): ImagesConfig {
  return withRegistry(loadConfig(ctx.workspace, ctx.env), request.registry);
}

export async function readBuildInputs(
  ctx: CommandContext,
  request: PlanRequest,
  given: { host?: HostFacts; config?: ImagesConfig } = {},
): Promise<BuildInputs> {
  const config = given.config ?? readConfig(ctx, request);
  const host = given.host ?? readHost();
  checkCacheDir(ctx.workspace, config.cache);
  // Independent reads (bake --print, git, the mirror registry) run side by side.
  const [definition, tags, mirrors] = await Promise.all([
    loadSelection(ctx, config, request.targets),
    readTagInputs(ctx),
    effectiveMirrors(config),
  ]);
  const order = buildOrder(definition, expandSelection(definition, request.targets));
  requireInputs(definition, order, ctx.workspace, config.bakeFile);
  const urls = neededUrls(order, config.needs);
  const caFile = hostCaFile(ctx.env);
  const inputs: BuildInputs = {
    workspace: ctx.workspace,
    config,
    definition,
    tags,
    mirrors,
    hashes: hashTargets(definition, order, mirrors),
    unreachable: urls.length ? await unreachableUrls(urls) : new Set(),
    unchanged: {},
    host,
    ...(caFile ? { caFile } : {}),
    ...(ctx.env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: ctx.env.SOURCE_DATE_EPOCH } : {}),
  };
  if (!request.changed) return inputs;
  // Which image to look at (bake's local tag, or the tag a push would write) is the planner's answer.
  const { images, pushTags } = changeCandidates(inputs, request);
  return { ...inputs, unchanged: await findUnchanged(ctx, definition, images, inputs.hashes, pushTags) };
}

function withRegistry(config: ImagesConfig, registry: string | undefined): ImagesConfig {
  return registry ? { ...config, registry } : config;
}
