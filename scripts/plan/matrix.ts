// The release split across CI runners: one shard per target × platform, small targets grouped by
// weight, each shard on a runner that builds its platform natively. Pure: `plan --matrix` prints
// it, and `release --shard` / `--promote` compute the very same list to find their shard and to
// know which results must be there.
import type { MatrixConfig } from "../config/types.ts";
import { ConfigError, UsageError } from "../errors/errors.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { buildOrder } from "./graph.ts";

export interface MatrixInput {
  definition: BakeDefinition;
  /** The release's images, in the order the release lists them. */
  targets: readonly string[];
  platforms: readonly string[];
  matrix: MatrixConfig;
}

export interface Shard {
  /** `api.linux-amd64`, `chat-agent+knowledge-agent.linux-arm64`: stable for the same config and bake file. */
  id: string;
  targets: string[];
  platform: string;
  /** `runs-on` of a runner that builds `platform` natively. */
  runner: string;
  /** Its cost: the weights of its targets and of their dependencies. */
  weight: number;
  /** Targets the shard builds too (from the shared cache), because its targets are built FROM them. */
  dependencies: string[];
}

/** One `include` entry of a GitHub Actions matrix: strings and numbers only, so `matrix.*` reads plainly. */
export interface MatrixEntry {
  shard: string;
  targets: string;
  platform: string;
  runner: string;
  weight: number;
}

const configHint = "See `matrix:` in the configuration reference (README.md).";

export function planShards(input: MatrixInput): Shard[] {
  checkMatrixConfig(input);
  const shards = input.platforms.flatMap((platform) => platformShards(input, platform));
  const platformRank = (shard: Shard): number => input.platforms.indexOf(shard.platform);
  const targetRank = (shard: Shard): number => input.targets.indexOf(shard.targets[0] ?? "");
  // Heaviest first: a matrix starts its jobs in order, and the longest shard decides the wall time.
  return shards.sort(
    (a, b) => b.weight - a.weight || platformRank(a) - platformRank(b) || targetRank(a) - targetRank(b),
  );
}

export function weightOf(matrix: MatrixConfig, target: string): number {
  return matrix.weights[target] ?? 1;
}

/** What a shard of these targets builds: its targets and what they are built FROM, each counted once. */
export function shardCost(input: Pick<MatrixInput, "definition" | "matrix">, targets: readonly string[]): number {
  return buildOrder(input.definition, targets).reduce((sum, target) => sum + weightOf(input.matrix, target), 0);
}

/** Targets at or above it are alone; lighter ones are packed up to it. Default: the costliest single target. */
export function shardCapacity(input: Pick<MatrixInput, "definition" | "matrix" | "targets">): number {
  return input.matrix.shardWeight ?? Math.max(1, ...input.targets.map((target) => shardCost(input, [target])));
}

function platformShards(input: MatrixInput, platform: string): Shard[] {
  const capacity = shardCapacity(input);
  const rank = (target: string): number => input.targets.indexOf(target);
  const alone = (target: string): number => shardCost(input, [target]);
  const heaviestFirst = [...input.targets].sort((a, b) => alone(b) - alone(a) || rank(a) - rank(b));
  const bins: string[][] = [];
  // First fit, heaviest first: few shards, none costlier than the capacity unless one target alone is.
  // A dependency already in a shard costs nothing more, so an agent joins its base's shard first.
  for (const target of heaviestFirst) {
    const bin = bins.find((candidate) => shardCost(input, [...candidate, target]) <= capacity);
    if (bin) bin.push(target);
    else bins.push([target]);
  }
  return bins.map((bin) => {
    const targets = bin.sort((a, b) => rank(a) - rank(b));
    const dependencies = buildOrder(input.definition, targets).filter((name) => !targets.includes(name));
    const runner = input.matrix.runners[platform] ?? "";
    return {
      id: shardId(targets, platform),
      targets,
      platform,
      runner,
      weight: shardCost(input, targets),
      dependencies,
    };
  });
}

export function shardId(targets: readonly string[], platform: string): string {
  return `${targets.join("+")}.${platform.replaceAll("/", "-")}`;
}

/** Every problem with `matrix:` against this bake file and these platforms, in one error. */
function checkMatrixConfig(input: MatrixInput): void {
  const problems = [
    ...Object.keys(input.matrix.weights)
      .filter((target) => !input.targets.includes(target))
      .map(
        (target) =>
          `matrix.weights names "${target}", which is not an image of the release (${input.targets.join(", ")})`,
      ),
    ...Object.keys(input.matrix.runners)
      .filter((platform) => !/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(platform))
      .map((platform) => `matrix.runners has "${platform}", which is not a platform (os/arch[/variant])`),
    ...input.platforms
      .filter((platform) => !input.matrix.runners[platform])
      .map((platform) => `no runner for ${platform}: add it under matrix.runners (a runner that builds it natively)`),
  ];
  if (problems.length > 0) throw new ConfigError(problems.join("; "), { hint: configHint });
}

/** `plan --matrix`: the value `strategy.matrix` takes, on one line for `$GITHUB_OUTPUT`. */
export function formatMatrix(shards: readonly Shard[]): string {
  const include: MatrixEntry[] = shards.map((shard) => ({
    shard: shard.id,
    targets: shard.targets.join(" "),
    platform: shard.platform,
    runner: shard.runner,
    weight: shard.weight,
  }));
  return JSON.stringify({ include });
}

/** For people (stderr): one line per shard. */
export function describeShards(shards: readonly Shard[]): string[] {
  return [
    `${shards.length} shard${shards.length === 1 ? "" : "s"}:`,
    ...shards.map((shard) => {
      const also = shard.dependencies.length
        ? ` (also builds ${shard.dependencies.join(", ")} from the shared cache)`
        : "";
      return `  ${shard.id}  on ${shard.runner}, weight ${shard.weight}${also}`;
    }),
  ];
}

export function findShard(shards: readonly Shard[], id: string): Shard {
  const shard = shards.find((candidate) => candidate.id === id);
  if (shard) return shard;
  const ids = shards.map((candidate) => candidate.id).join(", ");
  throw new UsageError(
    `"${id}" is not a shard of this release`,
    `The plan has: ${ids}. Pass the same --platform and images.config.yaml as \`pnpm images plan --matrix\`.`,
  );
}
