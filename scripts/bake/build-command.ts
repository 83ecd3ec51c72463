import {
  flag,
  listOption,
  stringOption,
  type CommandContext,
  type CommandSpec,
  type OptionValues,
} from "../cli/command.ts";
import { checkPlatformList } from "../config/overrides.ts";
import { platformForms } from "../config/schema.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError } from "../errors/errors.ts";
import type { OutputMode } from "../plan/plan.ts";
import { formatPlan } from "../report/plan-format.ts";
import { formatRegistry, parseRegistry } from "../registry/ref.ts";
import { formatBuildTable } from "../report/build-report.ts";
import { prepareBuild, runBuild, type BuildRequest } from "./build.ts";
import { buildDeps } from "./build-deps.ts";
import { useBuilder } from "./builder-context.ts";
import { bakeArgs, type Progress } from "./override.ts";

const progressModes: readonly Progress[] = ["auto", "plain", "tty", "quiet"];

export const buildCommand: CommandSpec = {
  name: "build",
  usage: "pnpm build:images [targets...] [--push] [--changed] [--no-smoke] [--json] [--dry-run]",
  positionals: { name: "targets", description: "bake targets or groups (default: the default group)" },
  options: {
    push: { type: "boolean", description: "Push the selected images (dependencies are built, not pushed)" },
    load: { type: "boolean", description: "Load the images into the local engine (the default)" },
    "no-push": { type: "boolean", description: "Same as --load: never push" },
    "no-smoke": { type: "boolean", description: "Skip the smoke specs after building" },
    "no-lint": { type: "boolean", description: "Skip the lint gate" },
    "no-setup": {
      type: "boolean",
      description:
        "Never install or seed anything: a missing engine, " +
        "dependency or stand-in is an error naming the command (also " +
        "IMAGES_NO_SETUP=1)",
    },
    changed: { type: "boolean", description: "Skip targets whose input hash is already built" },
    "dry-run": { type: "boolean", description: "Print the plan and the bake command; run nothing" },
    json: { type: "boolean", description: "Print the build report as JSON" },
    progress: { type: "string", value: "MODE", default: "auto", description: "auto|plain|tty|quiet" },
    platform: { type: "string", value: "LIST", description: "Platforms, e.g. linux/amd64,linux/arm64" },
    registry: {
      type: "string",
      value: "HOST[:PORT][/NS]",
      description: "Registry to tag and push to (overrides the config)",
    },
    attest: { type: "boolean", description: "Add provenance and SBOM attestations when pushing" },
    builder: {
      type: "string",
      value: "NAME",
      description:
        "buildx builder to build on (docker-container, remote, kubernetes, " +
        "cloud); its features decide the cache and platforms",
    },
  },
  notes: [
    "Env: IMAGES_REGISTRY, IMAGES_CACHE_MODE " +
      "(local|registry|gha|inline|none), IMAGES_PLATFORMS, " +
      "IMAGES_MIRROR_MODE (auto|on|off).",
  ],
  run: async (given, values, targets) => {
    const request = buildRequest(values, targets);
    const ctx = await onBuilder(given, stringOption(values, "builder"), request);
    if (request.dryRun) {
      const prepared = await prepareBuild(ctx, request);
      ctx.out(formatPlan(prepared.plan, ctx.workspace, prepared.skipped));
      const requested = prepared.plan.targets.filter((t) => t.requested).map((t) => t.name);
      const files = { overrideFile: "<generated override.json>", metadataFile: "<metadata.json>" };
      ctx.out(`\n$ ${bakeArgs({ bakeFile: prepared.config.bakeFile, ...files, targets: requested }).join(" ")}`);
      return 0;
    }
    const report = await runBuild(ctx, request, buildDeps(values, ctx.env));
    ctx.out(flag(values, "json") ? JSON.stringify(report, null, 2) : `\n${formatBuildTable(report)}`);
    return 0;
  },
};

/**
 * `--builder NAME`: checked against what the build asks (platforms, a load for the smoke specs), then used for every
 * buildx call.
 */
async function onBuilder(
  ctx: CommandContext,
  name: string | undefined,
  request: BuildRequest,
): Promise<CommandContext> {
  if (!name) return ctx;
  const platforms = request.platforms ?? loadConfig(ctx.workspace, ctx.env).platforms;
  return (await useBuilder(ctx, name, { platforms, load: request.output === "load" || request.smoke })).ctx;
}

function buildRequest(values: OptionValues, targets: string[]): BuildRequest {
  if (flag(values, "push") && (flag(values, "load") || flag(values, "no-push")))
    throw new UsageError("--push cannot be combined with --load or --no-push");
  const progress = stringOption(values, "progress") ?? "auto";
  if (!progressModes.includes(progress as Progress))
    throw new UsageError(`--progress must be one of ${progressModes.join(", ")}, got "${progress}"`);
  const platforms = platformOption(stringOption(values, "platform"));
  const registryFlag = stringOption(values, "registry");
  const registry = registryFlag === undefined ? undefined : formatRegistry(parseRegistry(registryFlag));
  const output: OutputMode = flag(values, "push") ? "push" : "load";
  return {
    targets: listOption({ targets }, "targets"),
    output,
    smoke: !flag(values, "no-smoke"),
    lint: !flag(values, "no-lint"),
    changed: flag(values, "changed"),
    dryRun: flag(values, "dry-run"),
    progress: progress as Progress,
    attest: flag(values, "attest") ? "full" : "none",
    ...(platforms.length ? { platforms } : {}),
    ...(registry ? { registry } : {}),
  };
}

/** --platform is checked here, so "banana" is a usage error and not a missing emulator later. */
function platformOption(value: string | undefined): string[] {
  if (value === undefined) return [];
  const { platforms, problems } = checkPlatformList(value, "--platform");
  if (problems.length > 0) throw new UsageError(problems.join("; "), `Valid forms: ${platformForms}.`);
  return platforms;
}
