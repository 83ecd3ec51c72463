// Reading for set-up: the engine's answer, the machine (os-release, root), and what the mirror
// registry holds for each mirror a plan uses. Planning happens in plan.ts.
import { readFileSync } from "node:fs";
import { mirrorPlatforms } from "../bases/seed-registry.ts";
import { findStandIn, mirrorReference } from "../bases/stand-ins.ts";
import { mirrorsInUse } from "../bake/mirror-platforms.ts";
import type { BuildPlan } from "../plan/plan.ts";
import { resolvePlatforms } from "../plan/platforms.ts";
import type { EngineCall } from "../process/engine-api.ts";
import type { Exec } from "../process/exec.ts";
import type { Transport } from "../registry/transport.ts";
import { engineStatus } from "../toolchain/engine.ts";
import { localFiles } from "../toolchain/probe.ts";
import { registryOf, type EngineFacts, type MirrorFacts } from "./plan.ts";

export async function readEngineFacts(exec: Exec, engine?: EngineCall): Promise<EngineFacts> {
  const status = await engineStatus(exec, engine);
  return {
    engineAnswers: status.ok,
    ...(status.reason ? { reason: status.reason } : {}),
    osRelease: localFiles.readText("/etc/os-release"),
    isRoot: process.getuid?.() === 0,
  };
}

/** Pure: each mirror the plan's Dockerfiles use, with the platforms the plan builds. */
export function mirrorNeeds(
  plan: BuildPlan,
  mirrors: Record<string, string>,
  nativePlatform: string,
  read: (file: string) => string,
): Omit<MirrorFacts, "available">[] {
  const platforms = [...new Set(plan.targets.flatMap((t) => resolvePlatforms(t.platforms, nativePlatform)))].sort();
  return upstreamNeeds(mirrorsInUse(plan, mirrors, read), platforms);
}

/** Pure: the given mirrors (upstream → mirror reference), needed for the given platforms. */
export function upstreamNeeds(mirrors: Record<string, string>, platforms: string[]): Omit<MirrorFacts, "available">[] {
  return Object.entries(mirrors).map(([upstream, mirror]) => ({
    upstream,
    mirror,
    platforms,
    seedable: seedableMirror(upstream, mirror),
  }));
}

/** The stand-in table can make the upstream, and `bases seed` would put it at exactly this mirror reference. */
export function seedableMirror(upstream: string, mirror: string): boolean {
  const standIn = findStandIn(upstream);
  return standIn !== undefined && mirrorReference(standIn, registryOf(mirror)) === mirror;
}

export async function readMirrorFacts(
  plan: BuildPlan,
  mirrors: Record<string, string>,
  nativePlatform: string,
  fetchFn?: Transport,
): Promise<MirrorFacts[]> {
  return withAvailable(
    mirrorNeeds(plan, mirrors, nativePlatform, (file) => readFileSync(file, "utf8")),
    fetchFn,
  );
}

/** What the registry holds under each needed mirror. */
export function withAvailable(needs: Omit<MirrorFacts, "available">[], fetchFn?: Transport): Promise<MirrorFacts[]> {
  return Promise.all(needs.map(async (need) => ({ ...need, available: await mirrorPlatforms(need.mirror, fetchFn) })));
}
