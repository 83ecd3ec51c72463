import { flag, listOption, type CommandSpec } from "../cli/command.ts";
import { readBuildInputs } from "../read/build-inputs.ts";
import { formatPlan } from "../report/plan-format.ts";
import { loadShards } from "./load-shards.ts";
import { describeShards, formatMatrix } from "./matrix.ts";
import { planPrepared, type PlanRequest } from "./prepare.ts";

export const planCommand: CommandSpec = {
  name: "plan",
  usage: "pnpm images plan [targets...] [--json] [--push] | pnpm images plan --matrix [--platform LIST]",
  positionals: { name: "targets", description: "bake targets or groups (default: the default group)" },
  options: {
    json: { type: "boolean", description: "Print the plan as JSON (schemaVersion 1)" },
    push: { type: "boolean", description: "Plan a push instead of a local load" },
    changed: { type: "boolean", description: "Leave out targets whose inputs did not change (needs the engine)" },
    matrix: {
      type: "boolean",
      description:
        'Print the release as a GitHub Actions matrix ({"include":[…]}, one ' +
        "shard per target × platform, small targets grouped by weight) on " +
        "stdout; the shards on stderr",
    },
    platform: {
      type: "string",
      multiple: true,
      value: "LIST",
      description:
        "With --matrix: platforms to split (default: `platforms` in the config, else linux/amd64,linux/arm64)",
    },
  },
  notes: [
    'Shards, weights and runner labels: `matrix:` in images.config.yaml; see docs/release.md ("Sharded release").',
  ],
  run: async (ctx, values, targets) => {
    if (flag(values, "matrix")) {
      const shards = await loadShards(ctx, listOption(values, "platform"));
      ctx.err(describeShards(shards).join("\n"));
      ctx.out(formatMatrix(shards));
      return 0;
    }
    const request: PlanRequest = {
      targets,
      output: flag(values, "push") ? "push" : "load",
      changed: flag(values, "changed"),
      attest: "none",
    };
    // Read, then plan: the same two steps a build starts with, and nothing applied.
    const prepared = planPrepared(await readBuildInputs(ctx, request), request);
    ctx.out(
      flag(values, "json")
        ? JSON.stringify({ ...prepared.plan, skipped: prepared.skipped }, null, 2)
        : formatPlan(prepared.plan, ctx.workspace, prepared.skipped),
    );
    return 0;
  },
};
