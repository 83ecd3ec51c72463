import { flag, type CommandSpec } from "../cli/command.ts";
import { prepareBuild } from "../bake/build.ts";
import { formatPlan } from "./plan-format.ts";

export const planCommand: CommandSpec = {
  name: "plan",
  usage: "pnpm images plan [targets...] [--json] [--push]",
  positionals: { name: "targets", description: "bake targets or groups (default: the default group)" },
  options: {
    json: { type: "boolean", description: "Print the plan as JSON (schemaVersion 1)" },
    push: { type: "boolean", description: "Plan a push instead of a local load" },
    changed: { type: "boolean", description: "Leave out targets whose inputs did not change (needs the engine)" },
  },
  run: async (ctx, values, targets) => {
    const prepared = await prepareBuild(ctx, { targets, output: flag(values, "push") ? "push" : "load", smoke: false, changed: flag(values, "changed"), dryRun: true, progress: "quiet", attest: "none" });
    ctx.out(flag(values, "json") ? JSON.stringify({ ...prepared.plan, skipped: prepared.skipped }, null, 2) : formatPlan(prepared.plan, ctx.workspace, prepared.skipped));
    return 0;
  },
};
