// `pnpm images bases seed|list`: air-gapped stand-ins for the public base images in the local registry.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, listOption, stringOption, type CommandContext, type CommandSpec } from "../cli/command.ts";
import { UsageError } from "../errors/errors.ts";
import { requireEngine } from "../toolchain/engine.ts";
import { cleanupArgv, planSeed, withBases, type SeedAction, type SeedOptions } from "./plan.ts";
import { existingDigests, seedClient, standInDigest } from "./seed-registry.ts";
import { defaultSeedRegistry, mirrorReference, standIns, type StandIn } from "./stand-ins.ts";

export const basesCommand: CommandSpec = {
  name: "bases",
  summary: "Seed air-gapped stand-ins for the public base images into the local registry",
  usage: "pnpm images bases seed|list [--force] [--registry HOST:PORT[/NS]] [--only UPSTREAM]",
  positionals: { name: "seed|list", description: "seed: build and push the stand-ins that are missing; list: show the table and what the registry has" },
  options: {
    force: { type: "boolean", description: "Rebuild and push even the stand-ins the registry already has" },
    registry: { type: "string", value: "HOST:PORT[/NS]", description: `Registry (and namespace) to seed (default ${defaultSeedRegistry})` },
    only: { type: "string", multiple: true, value: "UPSTREAM", description: "Only this upstream image, e.g. redis:7-bookworm (repeatable)" },
  },
  notes: ["Stand-ins: " + standIns.map((standIn) => standIn.upstream).join(", ") + ". Each is labelled as a stand-in built from Debian packages."],
  run: async (ctx, values, positionals) => {
    const [action, ...extra] = positionals;
    if (extra.length || (action !== "seed" && action !== "list")) {
      throw new UsageError(`bases: expected \`seed\` or \`list\`, got "${positionals.join(" ") || "nothing"}"`, "See `pnpm images bases --help`.");
    }
    const registry = stringOption(values, "registry") ?? defaultSeedRegistry;
    const table = selectStandIns(listOption(values, "only"));
    const existing = await existingDigests(registry, withBases(table));
    if (action === "list") return listStandIns(ctx, table, registry, existing);
    return seed(ctx, table, existing, { registry, force: flag(values, "force") });
  },
};

function selectStandIns(only: string[]): StandIn[] {
  const unknown = only.filter((name) => !standIns.some((standIn) => standIn.upstream === name));
  if (unknown.length) throw new UsageError(`--only: no stand-in for ${unknown.join(", ")}`, `Known: ${standIns.map((s) => s.upstream).join(", ")}.`);
  return only.length ? standIns.filter((standIn) => only.includes(standIn.upstream)) : [...standIns];
}

function listStandIns(ctx: CommandContext, table: readonly StandIn[], registry: string, existing: ReadonlyMap<string, string>): number {
  const width = Math.max(...table.map((standIn) => standIn.upstream.length));
  const refWidth = Math.max(...table.map((standIn) => mirrorReference(standIn, registry).length));
  for (const standIn of table) {
    const ref = mirrorReference(standIn, registry);
    ctx.out(`${standIn.upstream.padEnd(width)}  → ${ref.padEnd(refWidth)}  ${existing.get(ref) ?? "missing"}`);
  }
  return 0;
}

async function seed(ctx: CommandContext, table: readonly StandIn[], existing: ReadonlyMap<string, string>, choice: { registry: string; force: boolean }): Promise<number> {
  const options: SeedOptions = { ...choice, workDir: mkdtempSync(join(tmpdir(), "images-bases-")), privilege: process.getuid?.() === 0 ? [] : ["sudo", "-n"] };
  const actions = planSeed(table, existing, options);
  if (actions.some((action) => action.kind === "seed")) await requireEngine(ctx.exec);
  try {
    for (const action of actions) ctx.out(await applyAction(ctx, action, options.registry));
  } finally {
    await ctx.exec(cleanupArgv(options), { check: false });
  }
  return 0;
}

async function applyAction(ctx: CommandContext, action: SeedAction, registry: string): Promise<string> {
  const label = `${action.standIn.upstream} → ${action.ref}`;
  if (action.kind === "skip") return `skipped ${label} (already there) ${action.digest}`;
  for (const step of action.steps) {
    await ctx.exec(step.argv, { ...(step.input ? { input: step.input } : {}), timeoutMs: 20 * 60_000, signal: ctx.signal, log: ctx.err });
  }
  const { client, location } = seedClient(registry);
  const digest = await standInDigest(client, location, action.standIn);
  return `seeded  ${label} ${digest ?? "(not found after push)"}`;
}
