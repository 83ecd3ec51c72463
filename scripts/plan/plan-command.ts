import { flag, type CommandSpec } from "../cli/command.ts";
import { readBuildInputs } from "../read/build-inputs.ts";
import { formatPlan } from "../report/plan-format.ts";
import { planPrepared, type PlanRequest } from "./prepare.ts";

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
    const request: PlanRequest = { targets, output: flag(values, "push") ? "push" : "load", changed: flag(values, "changed"), attest: "none" };
    // Read, then plan: the same two steps a build starts with, and nothing applied.
    const prepared = planPrepared(await readBuildInputs(ctx, request), request);
    ctx.out(flag(values, "json") ? JSON.stringify({ ...prepared.plan, skipped: prepared.skipped }, null, 2) : formatPlan(prepared.plan, ctx.workspace, prepared.skipped));
    return 0;
  },
};
