// Pure set-up planners: the facts a first run finds (engine, machine, mirror) → what to do about
// each, with why. With set-up off, every needed step becomes an error that names its command.
import { missingPlatforms } from "../bake/mirror-platforms.ts";
import { isDebianFamily, parseOsRelease } from "../toolchain/parse.ts";

export interface EngineFacts {
  /** `docker version` answered with a server version. */
  engineAnswers: boolean;
  /** Why it did not, in docker's words. */
  reason?: string;
  osRelease: string | undefined;
  isRoot: boolean;
}

/** One mirror a build uses: what the registry holds under it, and what the build needs. */
export interface MirrorFacts {
  upstream: string;
  mirror: string;
  /** Platforms the build needs from it. */
  platforms: string[];
  /** Platforms the mirror holds; undefined when it holds nothing under that reference. */
  available: string[] | undefined;
  /** The stand-in table can make it, and it would land at exactly this reference. */
  seedable: boolean;
}

export type SetupStep =
  | { kind: "provision-engine"; why: string }
  | { kind: "seed"; upstreams: string[]; platforms: string[]; registry: string; why: string }
  | { kind: "fail"; message: string; hint: string };

export const setupOffHint = "set-up is off (--no-setup or IMAGES_NO_SETUP)";

export function planEngineSetup(facts: EngineFacts, allowed: boolean): SetupStep[] {
  if (facts.engineAnswers) return [];
  const why = `no Docker engine answers (${facts.reason ?? "no answer"})`;
  const command = "pnpm images doctor --fix";
  if (!allowed)
    return [
      {
        kind: "fail",
        message: `${why}; ${setupOffHint}`,
        hint: `Run \`${command}\`, or start a Docker engine with buildx >= 0.13.`,
      },
    ];
  const os = parseOsRelease(facts.osRelease ?? "");
  if (!isDebianFamily(os)) {
    const name = os.prettyName ?? os.id;
    return [
      {
        kind: "fail",
        message: `${why}, and set-up installs Docker only on Debian-family machines (this is ${name})`,
        hint:
          "Start a Docker engine with buildx >= 0.13 (and a registry " +
          "on 127.0.0.1:5000 for air-gapped builds), then rerun.",
      },
    ];
  }
  if (!facts.isRoot)
    return [
      {
        kind: "fail",
        message: `${why}, and installing it needs root`,
        hint: `Run \`sudo ${command}\` once, then rerun.`,
      },
    ];
  return [
    {
      kind: "provision-engine",
      why:
        `${why}: installing and starting docker.io, buildx, compose ` +
        `and a registry on 127.0.0.1:5000 as \`${command}\` does`,
    },
  ];
}

/** Pure: which platforms a mirror lacks (`linux/arm64/v8` counts as `linux/arm64`). */
export function lackingPlatforms(needed: readonly string[], available: readonly string[] | undefined): string[] {
  return available === undefined ? [...needed] : missingPlatforms(needed, available);
}

export function planSeedSetup(mirrors: readonly MirrorFacts[], allowed: boolean): SetupStep[] {
  const lacking = mirrors.filter((m) => lackingPlatforms(m.platforms, m.available).length > 0);
  const steps: SetupStep[] = [];
  const seedable = lacking.filter((m) => m.seedable && allowed);
  for (const m of lacking.filter((candidate) => !seedable.includes(candidate))) steps.push(missingMirror(m, allowed));
  for (const [registry, group] of groupBy(seedable, (m) => registryOf(m.mirror))) {
    const platforms = [...new Set(group.flatMap((m) => m.platforms))].sort();
    const upstreams = group.map((m) => m.upstream);
    steps.push({
      kind: "seed",
      upstreams,
      platforms,
      registry,
      why:
        `the mirror lacks ${group.map(describeLack).join(", ")}: ` +
        `building the stand-in${upstreams.length > 1 ? "s" : ""} ` +
        `from Debian packages`,
    });
  }
  return steps;
}

function missingMirror(m: MirrorFacts, allowed: boolean): SetupStep {
  const lack = lackingPlatforms(m.platforms, m.available);
  const what =
    m.available === undefined ? "is missing" : `has no ${lack.join(", ")} image (only ${m.available.join(", ")})`;
  const message =
    `the build needs ${m.upstream}, whose mirror ${m.mirror} ` + `${what}${allowed ? "" : `; ${setupOffHint}`}`;
  if (!m.seedable)
    return {
      kind: "fail",
      message,
      hint:
        `Push ${m.upstream} to ${m.mirror} (docker pull, tag and ` +
        `push on a connected machine), or build with ` +
        `IMAGES_MIRROR_MODE=off where Docker Hub answers.`,
    };
  return { kind: "fail", message, hint: `Run \`${seedCommand([m.upstream], m.platforms)}\`.` };
}

export function seedCommand(upstreams: readonly string[], platforms: readonly string[]): string {
  return ["pnpm images bases seed", ...upstreams.map((u) => `--only ${u}`), `--platform ${platforms.join(",")}`].join(
    " ",
  );
}

function describeLack(m: MirrorFacts): string {
  return m.available === undefined
    ? m.upstream
    : `${m.upstream} for ${lackingPlatforms(m.platforms, m.available).join(", ")}`;
}

/** HOST[:PORT] of a mirror reference. */
export function registryOf(ref: string): string {
  return ref.split("/")[0] ?? ref;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
