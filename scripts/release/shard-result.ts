// The hand-off from a shard's runner to the promotion: versioned JSON, one file per shard, written
// to --results DIR (uploaded as an artifact in Actions) and read back with validation.
import { ConfigError } from "../errors/errors.ts";
import { formatRegistry } from "../registry/ref.ts";
import type { GitContext } from "../tags/types.ts";
import type { BuiltImage } from "./release-result.ts";
import type { PushMode, ReleasePlan } from "./release-plan.ts";
import type { SmokeReport } from "./deps.ts";

export interface ShardImage {
  target: string;
  /** Staging repository on the release registry's host: `ns/release-staging/linux-arm64/api`. */
  staged: string;
  digest: string;
  /** Staged tags (none when pushed by digest): the promotion removes them afterwards. */
  tags: string[];
  smoke: "passed" | "failed";
  cachedSteps: number;
  totalSteps: number;
}

export interface ShardResult {
  schemaVersion: 1;
  shard: string;
  status: "passed" | "failed";
  version: string;
  commit: string;
  /** The release registry, HOST[/NAMESPACE]. */
  registry: string;
  platform: string;
  push: PushMode;
  images: ShardImage[];
  /** Why the shard failed (its error's first line). */
  error?: string;
}

type Header = Omit<ShardResult, "status" | "images" | "error">;

function header(plan: ReleasePlan, context: GitContext): Header {
  return {
    schemaVersion: 1,
    shard: plan.shard?.id ?? "",
    version: plan.version,
    commit: context.sha,
    registry: formatRegistry(plan.registry),
    platform: plan.platforms[0] ?? "",
    push: plan.push ?? "tags",
  };
}

/** Pure: a shard that built, smoke-tested and staged every image of its part. */
export function passedResult(
  plan: ReleasePlan,
  context: GitContext,
  built: BuiltImage[],
  smoke: SmokeReport,
  staged: (entry: BuiltImage) => string,
): ShardResult {
  const images = built.map((entry) => ({
    target: entry.image.target,
    staged: staged(entry),
    digest: entry.digest,
    tags: plan.push === "digest" ? [] : entry.image.tags,
    smoke:
      smoke.results.find((result) => result.target === entry.image.target)?.passed === false
        ? ("failed" as const)
        : ("passed" as const),
    cachedSteps: entry.build.cachedSteps,
    totalSteps: entry.build.totalSteps,
  }));
  return { ...header(plan, context), status: "passed", images };
}

/** Pure: a shard that stopped; the promotion names it with this reason. */
export function failedResult(plan: ReleasePlan, context: GitContext, error: unknown): ShardResult {
  const message = error instanceof Error ? error.message : String(error);
  return { ...header(plan, context), status: "failed", images: [], error: message.split("\n")[0] ?? "" };
}

export function resultFileName(shard: string): string {
  return `${shard}.json`;
}

/** Pure: a result file's text → the result, or one error naming the file and every problem in it. */
export function parseShardResult(text: string, file: string): ShardResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError("a shard result that is not JSON", {
      file,
      hint: "Results are written by `pnpm images release --shard`; do not edit them.",
    });
  }
  const problems = resultProblems(data);
  if (problems.length > 0)
    throw new ConfigError(`not a shard result: ${problems.join("; ")}`, {
      file,
      hint: "Results are written by `pnpm images release --shard` (schemaVersion 1).",
    });
  return data as ShardResult;
}

const strings = ["shard", "version", "commit", "registry", "platform"] as const;

function resultProblems(data: unknown): string[] {
  if (typeof data !== "object" || data === null) return ["not an object"];
  const record = data as Record<string, unknown>;
  const problems = [
    ...(record.schemaVersion === 1 ? [] : [`schemaVersion ${JSON.stringify(record.schemaVersion)} (expected 1)`]),
    ...strings.filter((key) => typeof record[key] !== "string" || record[key] === "").map((key) => `${key} is missing`),
    ...(record.status === "passed" || record.status === "failed" ? [] : ["status is not passed or failed"]),
    ...(record.push === "tags" || record.push === "digest" ? [] : ["push is not tags or digest"]),
  ];
  if (!Array.isArray(record.images)) return [...problems, "images is not a list"];
  return [...problems, ...record.images.flatMap((image, index) => imageProblems(image, index))];
}

function imageProblems(image: unknown, index: number): string[] {
  const entry = (typeof image === "object" && image !== null ? image : {}) as Record<string, unknown>;
  const where = `images[${index}]`;
  return [
    ...(["target", "staged"] as const)
      .filter((key) => typeof entry[key] !== "string" || entry[key] === "")
      .map((key) => `${where}.${key} is missing`),
    ...(typeof entry.digest === "string" && /^sha256:[0-9a-f]{64}$/.test(entry.digest)
      ? []
      : [`${where}.digest is not a sha256 digest`]),
    ...(Array.isArray(entry.tags) && entry.tags.every((tag) => typeof tag === "string")
      ? []
      : [`${where}.tags is not a list of tags`]),
    ...(entry.smoke === "passed" || entry.smoke === "failed" ? [] : [`${where}.smoke is not passed or failed`]),
    ...(["cachedSteps", "totalSteps"] as const)
      .filter((key) => !Number.isInteger(entry[key]) || (entry[key] as number) < 0)
      .map((key) => `${where}.${key} is not a count`),
  ];
}
