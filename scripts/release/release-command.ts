// `pnpm images release`: the same command in GitHub Actions and in a local rehearsal against
// any registry. Reads the world (config, trigger, bake targets), plans, then runs or prints.
// One runner does it all; or, split across runners, `--shard ID` builds one shard of
// `plan --matrix` and `--promote` assembles and tags once every shard reported (shard-command.ts).
import { flag, stringOption, type CommandContext, type CommandSpec, type OptionValues } from "../cli/command.ts";
import { UsageError } from "../errors/errors.ts";
import { ReleaseFailedError } from "../errors/release.ts";
import { requireSemverRef, type GitContext } from "../tags/index.ts";
import { publishFailure, publishResult } from "./actions.ts";
import { formatPlan, formatResult } from "./format.ts";
import { readPlan, releaseContext, releaseRun, withSourceDate } from "./release-read.ts";
import { runRelease } from "./release.ts";
import { applyBuilder, runPromoteCommand, runShardCommand } from "./shard-command.ts";

export { releaseContext };

export const releaseCommand: CommandSpec = {
  name: "release",
  usage:
    "pnpm images release [--registry HOST[:PORT][/NS]] [--platform LIST] " +
    "[--builder NAME] [--dry-run] [--json] [--shard ID --results DIR | " +
    "--promote --results DIR]",
  options: {
    registry: {
      type: "string",
      value: "HOST[:PORT][/NS]",
      description: "Registry to release to (default: `registry` in images.config.yaml)",
    },
    platform: {
      type: "string",
      multiple: true,
      value: "LIST",
      description:
        "Platforms, comma-separated (default: config, else " +
        "linux/amd64,linux/arm64 in Actions (always with --shard/--promote), " +
        "else this machine's)",
    },
    builder: {
      type: "string",
      value: "NAME",
      description:
        "buildx builder to build on (docker, docker-container, remote, " +
        "kubernetes, cloud); a driver that can pushes by digest",
    },
    shard: {
      type: "string",
      value: "ID",
      description:
        "Build, smoke-test and stage one shard of `pnpm images plan --matrix`, and write its result to --results",
    },
    promote: {
      type: "boolean",
      description:
        "Check every shard's result in --results, assemble each image's index " +
        "from its platforms, move the tags: all or nothing",
    },
    results: {
      type: "string",
      value: "DIR",
      description:
        "With --shard: where its result is written; with --promote: where " +
        "every shard's result is read (subfolders too)",
    },
    "dry-run": { type: "boolean", description: "Print the whole plan, tags included, and touch nothing" },
    json: {
      type: "boolean",
      description: "Print the result (or, after a failure, the failure report) as JSON on stdout",
    },
  },
  notes: [
    "The trigger comes from GITHUB_REF/GITHUB_SHA when set (Actions, or a rehearsal), else from local git;",
    "it must be a semver tag (refs/tags/v1.2.3). Tags move only " +
      "after every image linted, built and passed its smoke spec.",
    "Provenance and SBOM attestations are on in Actions; " +
      "elsewhere provenance only (the SBOM scanner image comes " +
      "from Docker Hub). " +
      "IMAGES_RELEASE_ATTEST=true|provenance|false decides.",
    "With GITHUB_OUTPUT / GITHUB_STEP_SUMMARY set, outputs and " +
      "the summary table are written there. See docs/release.md.",
  ],
  run: async (given, values) => {
    const ctx = await withSourceDate(given);
    const context = await releaseContext(ctx);
    requireSemverRef(context);
    const mode = releaseMode(values);
    if (mode === "shard") return runShardCommand(ctx, values, context);
    if (mode === "promote") return runPromoteCommand(ctx, values, context);
    return runSingle(ctx, values, context);
  },
};

type Mode = "single" | "shard" | "promote";

/** The flags' combinations, checked before anything is read. */
export function releaseMode(values: OptionValues): Mode {
  const shard = stringOption(values, "shard");
  const promote = flag(values, "promote");
  const results = stringOption(values, "results");
  if (shard !== undefined && promote)
    throw new UsageError(
      "--shard and --promote are separate steps: a shard builds, the promotion tags",
      "Run `--shard ID --results DIR` on each runner, then `--promote --results DIR` once.",
    );
  if ((shard !== undefined || promote) && !results)
    throw new UsageError(
      `--${promote ? "promote" : "shard"} needs --results DIR`,
      "Shards write their result there; the promotion reads them all from there.",
    );
  if (results && shard === undefined && !promote) throw new UsageError("--results goes with --shard ID or --promote");
  if (promote && stringOption(values, "builder"))
    throw new UsageError(
      "--builder has no effect with --promote: the promotion builds nothing (it uses the registry API)",
    );
  if (promote && flag(values, "dry-run"))
    throw new UsageError(
      "--dry-run is not available with --promote",
      "`pnpm images plan --matrix` shows the shards it will expect.",
    );
  return shard !== undefined ? "shard" : promote ? "promote" : "single";
}

async function runSingle(ctx: CommandContext, values: OptionValues, context: GitContext): Promise<number> {
  const planned = await readPlan(ctx, values, context);
  const { ctx: built, plan } = await applyBuilder(ctx, values, planned);
  if (flag(values, "dry-run")) {
    ctx.out(formatPlan(plan, ctx.workspace));
    return 0;
  }
  try {
    const result = await runRelease(await releaseRun(built, plan, context));
    await publishResult(result, ctx.env);
    ctx.out(flag(values, "json") ? JSON.stringify(result, null, 2) : formatResult(result));
    return 0;
  } catch (error) {
    await publishFailure(error, plan.version, ctx.env);
    if (flag(values, "json") && error instanceof ReleaseFailedError) ctx.out(JSON.stringify(error.report, null, 2));
    throw error;
  }
}
