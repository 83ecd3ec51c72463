// Pure text for people: the dry-run plan, the summary table rows, the outputs map.
import { formatRegistry, formatRepository } from "../registry/ref.ts";
import type { AttestMode } from "../plan/plan.ts";
import type { ReleasePlan } from "./release-plan.ts";
import type { ReleaseResult } from "./release.ts";
import type { ShardResult } from "./shard-result.ts";
import { stagingLocation } from "./staging.ts";

const attestText: Record<AttestMode, string> = { full: "with provenance and SBOM attestations", provenance: "with provenance attestations", none: "no attestations" };

export function formatPlan(plan: ReleasePlan, workspace: string): string {
  const width = Math.max(...plan.images.map((image) => image.target.length));
  const staging = formatRegistry(stagingLocation(plan.registry, plan.shard?.platform));
  const relative = (file: string): string => (file.startsWith(`${workspace}/`) ? file.slice(workspace.length + 1) : file);
  return [
    `release ${plan.version}${plan.prerelease ? " (prerelease: latest does not move)" : ""} → ${formatRegistry(plan.registry)}`,
    `platforms ${plan.platforms.join(", ")} (smoke specs on ${plan.shard?.platform ?? plan.nativePlatform})`,
    ...shardLines(plan),
    "steps",
    "  1. lint gate over every Dockerfile: any error stops the release",
    `  2. build ${plan.images.length} image${plan.images.length === 1 ? "" : "s"}, load the ${plan.nativePlatform} ones and run each smoke spec: any failure stops the release`,
    `  3. push ${plan.platforms.join(" + ")} ${plan.push === "digest" ? "by digest " : ""}to ${staging}/* (${attestText[plan.attest]})`,
    "  4. copy each digest, untagged, into its release repository",
    "  5. check every digest is there, record each tag's current digest, move the tags; roll back on any failure",
    "images",
    ...plan.images.flatMap((image) => [
      `  ${image.target.padEnd(width)}  ${formatRepository(image.repository)}`,
      `  ${"".padEnd(width)}  tags  ${image.tags.join(", ") || "(none)"}`,
      `  ${"".padEnd(width)}  smoke ${image.specFile ? relative(image.specFile) : "MISSING: the release stops before building"}`,
    ]),
    "dry run: nothing was built, pushed or tagged",
  ].join("\n");
}

/** A shard's part: the rest of the release is other shards', and `--promote` tags it all. */
function shardLines(plan: ReleasePlan): string[] {
  if (!plan.shard) return [];
  const dependencies = plan.shard.dependencies.map((image) => image.target).join(", ");
  const also = dependencies ? `; builds ${dependencies} too, from the shared cache (not pushed)` : "";
  return [`shard ${plan.shard.id}${also}`, "  steps 4 and 5 are the promotion's (`--promote`), once every shard has reported"];
}

export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return "-";
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? "B"}`;
}

export const summaryHeader = ["Image", "Tags", "Digest", "Size", "Smoke", "Cached steps"];

export function summaryRows(result: ReleaseResult): string[][] {
  return result.images.map((image) => [
    image.repository,
    image.tags.map((tag) => tag.slice(image.repository.length + 1)).join(", "),
    image.digest,
    formatSize(image.size),
    image.smoke,
    `${image.cachedSteps}/${image.totalSteps}`,
  ]);
}

/** Step outputs: `<target>-digest`, `<target>-tags` (one per line, like metadata-action), `version`, `result`. */
export function releaseOutputs(result: ReleaseResult): Record<string, string> {
  const outputs: Record<string, string> = { version: result.version, result: JSON.stringify(result) };
  for (const image of result.images) {
    outputs[`${image.target}-digest`] = image.digest;
    outputs[`${image.target}-tags`] = image.tags.join("\n");
  }
  return outputs;
}

export function formatResult(result: ReleaseResult): string {
  const lines = result.images.map((image) => `  ${image.repository}@${image.digest}\n    ${image.tags.map((tag) => tag.slice(image.repository.length + 1)).join(", ")} (${image.tagsMoved} moved, ${image.tagsUnchanged} already there)`);
  const left = result.stagingLeft?.length ? [`  staged tags the registry would not delete (never pulled by users): ${result.stagingLeft.join(", ")}`] : [];
  return [`released ${result.version} to ${result.registry} for ${result.platforms.join(", ")}`, ...lines, ...left].join("\n");
}

/** A shard's result for people; the promotion reads the JSON. */
export function formatShardResult(result: ShardResult): string {
  const how = result.push === "digest" ? "pushed by digest" : "staged";
  const lines = result.images.map((image) => {
    const tags = image.tags.length ? `; tags ${image.tags.join(", ")}` : "";
    return `  ${image.target}: ${image.staged}@${image.digest} (smoke ${image.smoke}${tags})`;
  });
  return [`shard ${result.shard} ${result.status}: ${result.version} for ${result.platform}, ${how}`, ...lines, "  no release tag moves until `pnpm images release --promote` has every shard's result"].join("\n");
}

export const shardSummaryHeader = ["Image", "Platform", "Staged digest", "Smoke", "Cached steps"];

export function shardSummaryRows(result: ShardResult): string[][] {
  return result.images.map((image) => [image.target, result.platform, `${image.staged}@${image.digest}`, image.smoke, `${image.cachedSteps}/${image.totalSteps}`]);
}
