// The read step for the stack's images: which are here, the workspace's bake targets and which of
// them cannot build on this machine, the mirrors, and the fixture echo agent that stands in for an
// agent. Nothing is decided here (stack-images.ts plans); a stack whose images are all here reads
// nothing more than that.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandContext } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { mirrorPlatforms } from "../bases/seed-registry.ts";
import { mirrorsNamedIn } from "../bake/mirror-platforms.ts";
import { presentLocally } from "../bake/local-image.ts";
import { buildOrder } from "../plan/graph.ts";
import { neededUrls, unbuildable } from "../plan/needs.ts";
import { loadBakeDefinition } from "../read/definition.ts";
import { effectiveMirrors, unreachableUrls } from "../read/environment.ts";
import { readHost } from "../read/host.ts";
import { lackingPlatforms } from "../setup/plan.ts";
import { seedableMirror } from "../setup/read.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { imageCandidates, standInBakeArgs, standInTarget, type StackImageFacts } from "./stack-images.ts";

/**
 * Where the stand-in agent is built from, inside the workspace: the fixture workspace's echo agent (standard
 * library only, so it builds air-gapped), the one the integration tests run in each agent's place.
 */
export const standInWorkspace = "test/fixtures/workspace";

/** The API on Alpine needs Alpine's mirrors; api-debian is the same API and contract on Debian. */
const flavors: Record<string, string> = { api: "api-debian" };

export interface StandInBuild {
  cwd: string;
  argv: string[];
  /** The mirrors its Dockerfiles name, to seed first. */
  mirrors: Record<string, string>;
}

export interface StackImageReads {
  facts: StackImageFacts;
  nativePlatform: string;
  standIn?: StandInBuild;
}

export async function readStackImages(
  ctx: CommandContext,
  services: Record<string, string | undefined>,
  allowed: boolean,
): Promise<StackImageReads> {
  const nativePlatform = readHost().nativePlatform;
  const images = Object.values(services).filter((image): image is string => Boolean(image));
  const here = await presentLocally(ctx, images);
  const empty = {
    targets: {},
    unbuildable: {},
    mirrors: {},
    mirrorHeld: new Set<string>(),
    seedable: new Set<string>(),
  };
  const nothingMissing = { services, present: here, ...empty, flavors, allowed };
  if (images.every((image) => here.has(image))) return { facts: nothingMissing, nativePlatform };
  const config = loadConfig(ctx.workspace, ctx.env);
  const [definition, mirrors, standIn] = await Promise.all([
    workspaceDefinition(ctx, config.bakeFile),
    effectiveMirrors(config),
    readStandIn(ctx),
  ]);
  // Every target `--print` gave (the default group's), in build order; none without a bake file.
  const order = buildOrder(definition, Object.keys(definition.targets));
  const urls = neededUrls(order, config.needs);
  const unreachable = urls.length ? await unreachableUrls(urls) : new Set<string>();
  const facts = {
    services,
    targets: definition.targets,
    unbuildable: unbuildable(definition, order, config.needs, unreachable),
    mirrors,
    seedable: new Set(Object.keys(mirrors).filter((upstream) => seedableMirror(upstream, mirrors[upstream] ?? ""))),
    ...(standIn ? { standIn: standIn.agent } : {}),
    flavors,
    allowed,
  };
  const missing = images.filter((image) => !here.has(image));
  const [present, mirrorHeld] = await Promise.all([
    presentLocally(ctx, imageCandidates(facts)),
    heldMirrors(
      missing.flatMap((image) => mirrors[image] ?? []),
      nativePlatform,
    ),
  ]);
  return { facts: { ...facts, present, mirrorHeld }, nativePlatform, ...(standIn ? { standIn: standIn.build } : {}) };
}

/** The default group of the workspace's bake file; none for a workspace without one (a plain compose folder). */
async function workspaceDefinition(ctx: CommandContext, bakeFile: string): Promise<BakeDefinition> {
  if (!existsSync(join(ctx.workspace, bakeFile))) return { groups: {}, targets: {} };
  return loadBakeDefinition({ workspace: ctx.workspace, bakeFile, exec: ctx.exec, env: ctx.env });
}

/** The echo agent's tag (REGISTRY and VERSION from the environment, as bake reads them) and how to build it. */
async function readStandIn(
  ctx: CommandContext,
): Promise<{ agent: { ref: string; command: string }; build: StandInBuild } | undefined> {
  const cwd = join(ctx.workspace, standInWorkspace);
  if (!existsSync(join(cwd, "bake.hcl"))) return undefined;
  const definition = await loadBakeDefinition({ workspace: cwd, exec: ctx.exec, env: ctx.env });
  const target = definition.targets[standInTarget];
  const ref = target?.tags[0];
  if (!target || !ref) return undefined;
  // Its own Dockerfile and those of the targets it builds FROM (`target:` contexts).
  const chain = [target, ...Object.values(target.contexts).map((c) => definition.targets[c.replace(/^target:/, "")])];
  const texts = chain.flatMap((t) => (t && existsSync(t.dockerfile) ? [readFileSync(t.dockerfile, "utf8")] : []));
  const mirrors = mirrorsNamedIn(texts.join("\n"), await effectiveMirrors(loadConfig(cwd, ctx.env)));
  const argv = standInBakeArgs(mirrors);
  return { agent: { ref, command: `cd ${standInWorkspace} && ${argv.join(" ")}` }, build: { cwd, argv, mirrors } };
}

/** The mirror references the registry holds for this machine's platform. */
async function heldMirrors(refs: readonly string[], nativePlatform: string): Promise<Set<string>> {
  const held = await Promise.all(
    [...new Set(refs)].map(async (ref) => {
      const available = await mirrorPlatforms(ref);
      return available && lackingPlatforms([nativePlatform], available).length === 0 ? ref : undefined;
    }),
  );
  return new Set(held.filter((ref): ref is string => ref !== undefined));
}
