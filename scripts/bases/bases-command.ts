// `pnpm images bases seed|list`: air-gapped stand-ins for the public base images in the local registry.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, listOption, stringOption, type CommandContext, type CommandSpec } from "../cli/command.ts";
import { UsageError } from "../errors/errors.ts";
import { which } from "../process/exec.ts";
import { progressExec, stderrProgress } from "../report/step-progress.ts";
import { readHost } from "../read/host.ts";
import { platformsWithoutEmulation, readEmulationFacts, requireEmulation } from "../toolchain/emulation.ts";
import { requireEngine } from "../toolchain/engine.ts";
import {
  cleanupArgv,
  debianArch,
  planSeed,
  seedPlatforms,
  withBases,
  type Existing,
  type RootfsTool,
  type SeedAction,
  type SeedOptions,
  type SeedStep,
} from "./plan.ts";
import { existingStandIns, seedClient, standInFound } from "./seed-registry.ts";
import { defaultSeedRegistry, mirrorReference, standIns, type StandIn } from "./stand-ins.ts";

export const basesCommand: CommandSpec = {
  name: "bases",
  usage: "pnpm images bases seed|list [--force] [--registry HOST:PORT[/NS]] [--only UPSTREAM] [--platform LIST]",
  positionals: {
    name: "seed|list",
    description: "seed: build and push the stand-ins that are missing; list: show the table and what the registry has",
  },
  options: {
    force: { type: "boolean", description: "Rebuild and push even the stand-ins the registry already has" },
    registry: {
      type: "string",
      value: "HOST:PORT[/NS]",
      description: `Registry (and namespace) to seed (default ${defaultSeedRegistry})`,
    },
    only: {
      type: "string",
      multiple: true,
      value: "UPSTREAM",
      description: "Only this upstream image, e.g. redis:7-bookworm (repeatable)",
    },
    platform: {
      type: "string",
      value: "LIST",
      description:
        "Platforms each stand-in must hold, e.g. " +
        "linux/amd64,linux/arm64 (default: debian for linux/amd64 " +
        "and linux/arm64 where QEMU is set up, the rest for this " +
        "machine's)",
    },
  },
  notes: [
    "Stand-ins: " +
      standIns.map((standIn) => standIn.upstream).join(", ") +
      ". Each is labelled as a stand-in built from Debian packages.",
  ],
  run: async (ctx, values, positionals) => {
    const [action, ...extra] = positionals;
    if (extra.length || (action !== "seed" && action !== "list")) {
      throw new UsageError(
        `bases: expected \`seed\` or \`list\`, got "${positionals.join(" ") || "nothing"}"`,
        "See `pnpm images bases --help`.",
      );
    }
    const registry = stringOption(values, "registry") ?? defaultSeedRegistry;
    const only = listOption(values, "only");
    const platforms = (stringOption(values, "platform") ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    if (action === "list") {
      const table = selectStandIns(only);
      return listStandIns(ctx, table, registry, await existingStandIns(registry, withBases(table), ctx.fetch));
    }
    return seedStandIns(ctx, { only, registry, force: flag(values, "force"), platforms });
  },
};

/** Seeds the stand-ins named in `only` (all when empty) that the registry lacks. Exit code. */
export async function seedStandIns(ctx: CommandContext, choice: SeedChoice & { only: string[] }): Promise<number> {
  const table = selectStandIns(choice.only);
  choice.platforms.forEach(debianArch); // an unknown platform is a usage error before anything runs
  const existing = await existingStandIns(choice.registry, withBases(table), ctx.fetch);
  return seed(ctx, table, existing, choice);
}

function selectStandIns(only: string[]): StandIn[] {
  const unknown = only.filter((name) => !standIns.some((standIn) => standIn.upstream === name));
  if (unknown.length)
    throw new UsageError(
      `--only: no stand-in for ${unknown.join(", ")}`,
      `Known: ${standIns.map((s) => s.upstream).join(", ")}.`,
    );
  return only.length ? standIns.filter((standIn) => only.includes(standIn.upstream)) : [...standIns];
}

function listStandIns(
  ctx: CommandContext,
  table: readonly StandIn[],
  registry: string,
  existing: ReadonlyMap<string, Existing>,
): number {
  const width = Math.max(...table.map((standIn) => standIn.upstream.length));
  const refWidth = Math.max(...table.map((standIn) => mirrorReference(standIn, registry).length));
  for (const standIn of table) {
    const ref = mirrorReference(standIn, registry);
    const found = existing.get(ref);
    ctx.out(
      `${standIn.upstream.padEnd(width)}  → ${ref.padEnd(refWidth)}  ${found ? describeFound(found) : "missing"}`,
    );
  }
  return 0;
}

interface SeedChoice {
  registry: string;
  force: boolean;
  /** --platform; empty: each stand-in's default. */
  platforms: string[];
}

async function seed(
  ctx: CommandContext,
  table: readonly StandIn[],
  existing: ReadonlyMap<string, Existing>,
  choice: SeedChoice,
): Promise<number> {
  const { nativePlatform } = readHost();
  const facts = await readEmulationFacts(ctx.exec);
  const emulated = (platform: string): boolean =>
    platformsWithoutEmulation([platform], nativePlatform, facts).length === 0;
  const platformsFor = (standIn: StandIn): string[] =>
    seedPlatforms(standIn, choice.platforms, nativePlatform, emulated);
  const options: SeedOptions = {
    ...choice,
    nativePlatform,
    platformsFor,
    workDir: mkdtempSync(join(tmpdir(), "images-bases-")),
    privilege: process.getuid?.() === 0 ? [] : ["sudo", "-n"],
    rootfsTool: await readRootfsTool(ctx),
  };
  const actions = planSeed(table, existing, options);
  if (actions.some((action) => action.kind === "seed")) {
    await requireEngine(ctx.exec, ctx.engine);
    if (choice.platforms.length) requireEmulation(choice.platforms, nativePlatform, facts);
  }
  for (const standIn of withBases(table).filter(
    (s) => !choice.platforms.length && s.platforms?.some((p) => !emulated(p)),
  )) {
    ctx.err(
      `note: ${standIn.upstream} is seeded for ` +
        `${platformsFor(standIn).join(", ")} only: QEMU is not set ` +
        `up (pnpm images doctor --fix)`,
    );
  }
  const timed: CommandContext = { ...ctx, exec: progressExec(ctx.exec, stderrProgress()) };
  const prepared = startPrepares(ctx, actions);
  try {
    for (const action of actions) ctx.out(await applyAction(timed, action, options.registry, prepared.get(action)));
  } finally {
    // Nothing may still write into the work folder when it goes.
    await Promise.allSettled(prepared.values());
    await ctx.exec(cleanupArgv(options), { check: false });
  }
  return 0;
}

/**
 * Every action's host-only preparation, started at once: the node layout (npm pack, tar) runs
 * while debian's rootfs is made, instead of after it. Unprogressed (a second live line would
 * fight the first); one line says it started.
 */
function startPrepares(ctx: CommandContext, actions: readonly SeedAction[]): Map<SeedAction, Promise<void>> {
  const started = actions.flatMap((action) =>
    action.kind === "seed" && action.prepare.length ? [[action, runSteps(ctx, action.prepare)] as const] : [],
  );
  for (const [action, done] of started) {
    ctx.err(`seed: preparing ${action.standIn.upstream}'s files alongside (no engine needed)`);
    done.catch(() => undefined); // awaited (and reported) by its own action
  }
  return new Map(started);
}

async function runSteps(ctx: CommandContext, steps: readonly SeedStep[]): Promise<void> {
  for (const step of steps) {
    await ctx.exec(step.argv, {
      ...(step.input ? { input: step.input } : {}),
      timeoutMs: 20 * 60_000,
      signal: ctx.signal,
      log: ctx.err,
    });
  }
}

/**
 * mmdebstrap when on PATH with arch-test (which it needs for a foreign architecture): it fetches
 * with apt and lets dpkg skip fsync, where debootstrap takes about twice as long here.
 */
async function readRootfsTool(ctx: CommandContext): Promise<RootfsTool> {
  const found = await Promise.all(["mmdebstrap", "arch-test"].map((program) => which(program, ctx.exec)));
  return found.every(Boolean) ? "mmdebstrap" : "debootstrap";
}

async function applyAction(
  ctx: CommandContext,
  action: SeedAction,
  registry: string,
  prepared: Promise<void> | undefined,
): Promise<string> {
  const label = `${action.standIn.upstream} → ${action.ref}`;
  if (action.kind === "skip") return `skipped ${label} (already there) ${action.digest}`;
  await prepared;
  await runSteps(ctx, action.steps);
  const { client, location } = seedClient(registry, ctx.fetch);
  const found = await standInFound(client, location, action.standIn);
  return `seeded  ${label} ${found ? describeFound(found) : "(not found after push)"}`;
}

function describeFound(found: Existing): string {
  return `${found.digest} ${found.platforms.join(",")}`;
}
