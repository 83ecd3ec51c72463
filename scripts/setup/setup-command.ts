// `pnpm images setup`: what `pnpm test` runs first. Makes this machine ready for every build and
// test: an engine (provisioned on a Debian-family root machine) and every stand-in the registry
// lacks. A machine that has it all is not touched. Builds do their own, narrower set-up.
import { flag, type CommandContext, type CommandSpec } from "../cli/command.ts";
import { defaultSeedRegistry, mirrorReference, standIns } from "../bases/stand-ins.ts";
import { setupAllowed } from "./allowed.ts";
import { ensureEngine } from "./apply.ts";
import { setupOffHint } from "./plan.ts";

export const setupCommand: CommandSpec = {
  name: "setup",
  usage: "pnpm images setup [--no-setup]",
  options: {
    "no-setup": {
      type: "boolean",
      description: "Change nothing: report what is missing with the command that fixes it (also IMAGES_NO_SETUP=1)",
    },
  },
  notes: ["Engine: as `pnpm images doctor --fix` (Debian family, as root). Stand-ins: as `pnpm images bases seed`."],
  run: async (ctx, values) => {
    const allowed = setupAllowed(flag(values, "no-setup"), ctx.env);
    await ensureEngine(ctx, allowed);
    if (!allowed) return reportMissing(ctx);
    ctx.err("setup: the integration tests build from every stand-in base image: seeding those the registry lacks");
    const { seedStandIns } = await import("../bases/bases-command.ts");
    return seedStandIns(ctx, { only: [], platforms: [], registry: defaultSeedRegistry, force: false });
  },
};

async function reportMissing(ctx: CommandContext): Promise<number> {
  const { existingStandIns } = await import("../bases/seed-registry.ts");
  const found = await existingStandIns(defaultSeedRegistry, standIns);
  const missing = standIns.filter((standIn) => !found.has(mirrorReference(standIn)));
  if (missing.length === 0) return 0;
  ctx.err(
    `setup: ${missing.map((s) => s.upstream).join(", ")} missing ` +
      `from ${defaultSeedRegistry}; ${setupOffHint}: run \`pnpm ` +
      `images bases seed\``,
  );
  return 1;
}
