// A single-platform mirror (the Debian stand-ins are amd64 only) is used by BuildKit for every
// platform, so an "arm64" image would silently hold amd64 binaries. Check before building.
import { readFileSync } from "node:fs";
import type { CommandContext } from "../cli/command.ts";
import { ImagesError } from "../errors/errors.ts";
import type { BuildPlan } from "../plan/plan.ts";
import { indexPlatforms, samePlatform, type RawManifest } from "../plan/platforms.ts";

/** Pure: which requested platforms a mirror lacks (`linux/arm64/v8` counts as `linux/arm64`). */
export function missingPlatforms(requested: readonly string[], available: readonly string[]): string[] {
  return requested.filter((platform) => !available.some((have) => samePlatform(have, platform)));
}

/** Mirrors whose upstream name appears in a Dockerfile of the plan (FROM lines and ARG defaults). */
export function mirrorsInUse(
  plan: BuildPlan,
  mirrors: Record<string, string>,
  read: (file: string) => string,
): Record<string, string> {
  return mirrorsNamedIn([...new Set(plan.targets.map((t) => t.dockerfile))].map(read).join("\n"), mirrors);
}

/** Pure: the mirrors whose upstream reference the given Dockerfile text names. */
export function mirrorsNamedIn(texts: string, mirrors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mirrors).filter(([upstream]) => texts.includes(upstream)));
}

export async function requireMirrorPlatforms(
  ctx: CommandContext,
  plan: BuildPlan,
  mirrors: Record<string, string>,
  native: string,
): Promise<void> {
  // `local` is buildx's name for the platform of this machine.
  const requested = [...new Set(plan.targets.flatMap((t) => t.platforms.map((p) => (p === "local" ? native : p))))];
  if (requested.length < 2 && requested.every((p) => p === native)) return;
  for (const [upstream, mirror] of Object.entries(mirrorsInUse(plan, mirrors, (file) => readFileSync(file, "utf8")))) {
    const available = await mirrorPlatforms(ctx, mirror);
    const missing = missingPlatforms(requested, available);
    if (missing.length === 0) continue;
    throw new ImagesError(
      "build",
      `the mirror of ${upstream} (${mirror}) has no ` +
        `${missing.join(", ")} image, only ${available.join(", ")}: ` +
        `BuildKit would use that for every platform`,
      {
        hint:
          "Build for the native platform only, seed multi-platform " +
          "stand-ins, or build on a connected machine with " +
          "IMAGES_MIRROR_MODE=off.",
      },
    );
  }
}

async function mirrorPlatforms(ctx: CommandContext, mirror: string): Promise<string[]> {
  const raw = await ctx.exec(["docker", "buildx", "imagetools", "inspect", "--raw", mirror]);
  const listed = indexPlatforms(JSON.parse(raw.stdout) as RawManifest);
  if (listed) return listed;
  const image = await ctx.exec(["docker", "buildx", "imagetools", "inspect", "--format", "{{json .Image}}", mirror]);
  const config = JSON.parse(image.stdout) as { os?: string; architecture?: string };
  return [`${config.os ?? "linux"}/${config.architecture ?? "unknown"}`];
}
