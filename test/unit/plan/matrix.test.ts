// plan --matrix on captured `bake --print` outputs: the fixture workspace and the repository's own.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../../scripts/config/load.ts";
import { defaultConfig, defaultRunners, type MatrixConfig } from "../../../scripts/config/types.ts";
import { ConfigError, UsageError } from "../../../scripts/errors/errors.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { matrixPlatforms } from "../../../scripts/plan/load-shards.ts";
import { describeShards, findShard, formatMatrix, planShards, type MatrixEntry } from "../../../scripts/plan/matrix.ts";
import { releasedTargets } from "../../../scripts/plan/released.ts";

const fixture = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), "/ws");
const repository = parseBakePrint(readFileSync("test/fixtures/bake/repository/bake.print.json", "utf8"), "/ws");
const both = ["linux/amd64", "linux/arm64"];

function shardsOf(definition = fixture, matrix: Partial<MatrixConfig> = {}, platforms = both) {
  return planShards({
    definition,
    targets: releasedTargets(definition),
    platforms,
    matrix: { ...defaultConfig.matrix, ...matrix },
  });
}

describe("planShards", () => {
  test("the fixture, every weight 1: an agent shares its base's shard, the other builds the base itself", () => {
    const shards = shardsOf(fixture, {}, ["linux/amd64"]);
    expect(shards.map((shard) => [shard.id, shard.runner, shard.weight, shard.dependencies])).toEqual([
      ["python-agent-base+echo-agent.linux-amd64", "ubuntu-24.04", 2, []],
      ["notes-agent.linux-amd64", "ubuntu-24.04", 2, ["python-agent-base"]],
      ["api.linux-amd64", "ubuntu-24.04", 1, []],
    ]);
  });

  test(
    "the repository with its weights: four shards per platform, each of " + "weight 8, arm64 on native arm runners",
    () => {
      const config = loadConfig(".", {});
      const shards = shardsOf(repository, config.matrix);
      expect(shards.map((shard) => shard.id)).toEqual([
        "python-agent-base+rag-agent.linux-amd64",
        "chat-agent+api.linux-amd64",
        "npu-agent.linux-amd64",
        "research-agent+knowledge-agent+api-debian.linux-amd64",
        "python-agent-base+rag-agent.linux-arm64",
        "chat-agent+api.linux-arm64",
        "npu-agent.linux-arm64",
        "research-agent+knowledge-agent+api-debian.linux-arm64",
      ]);
      expect(new Set(shards.map((shard) => shard.weight))).toEqual(new Set([8]));
      expect(
        shards
          .filter((shard) => shard.platform === "linux/arm64")
          .every((shard) => shard.runner === "ubuntu-24.04-arm"),
      ).toBe(true);
      // Every image is built exactly once per platform.
      for (const platform of both) {
        expect(
          shards
            .filter((shard) => shard.platform === platform)
            .flatMap((shard) => shard.targets)
            .sort(),
        ).toEqual(releasedTargets(repository).sort());
      }
    },
  );

  test("shardWeight 1 puts every target alone: one shard per target × platform", () => {
    const shards = shardsOf(fixture, { shardWeight: 1 });
    expect(shards).toHaveLength(8);
    expect(shards.every((shard) => shard.targets.length === 1)).toBe(true);
  });

  test("a heavy target stays alone and light ones are packed up to the capacity, heaviest shard first", () => {
    const shards = shardsOf(fixture, { weights: { api: 5 } }, ["linux/amd64"]);
    expect(shards.map((shard) => `${shard.id}:${shard.weight}`)).toEqual([
      "api.linux-amd64:5",
      "python-agent-base+echo-agent+notes-agent.linux-amd64:3",
    ]);
  });

  test("the same inputs give the same shards (shards and the promotion recompute them)", () => {
    expect(shardsOf(repository, loadConfig(".", {}).matrix)).toEqual(shardsOf(repository, loadConfig(".", {}).matrix));
  });

  test.each([
    [{ weights: { "rag-agnt": 3 } }, both, /matrix\.weights names "rag-agnt", which is not an image of the release/],
    [
      { runners: { "linux/amd64": "x", Linux: "y" } },
      ["linux/amd64"],
      /matrix\.runners has "Linux", which is not a platform/,
    ],
    [{}, ["linux/s390x"], /no runner for linux\/s390x: add it under matrix\.runners/],
  ])("config problems are one ConfigError: %j", (matrix, platforms, message) => {
    expect(() => shardsOf(fixture, { runners: defaultRunners, ...matrix }, platforms)).toThrow(message);
    expect(() => shardsOf(fixture, { runners: defaultRunners, ...matrix }, platforms)).toThrow(ConfigError);
  });
});

describe("formatMatrix", () => {
  test("prints {include:[…]} on one line, every value a string or a number", () => {
    const text = formatMatrix(shardsOf(fixture, {}, ["linux/arm64"]));
    expect(text).not.toContain("\n");
    const { include } = JSON.parse(text) as { include: MatrixEntry[] };
    expect(include[0]).toEqual({
      shard: "python-agent-base+echo-agent.linux-arm64",
      targets: "python-agent-base echo-agent",
      platform: "linux/arm64",
      runner: "ubuntu-24.04-arm",
      weight: 2,
    });
    for (const entry of include)
      for (const value of Object.values(entry)) expect(["string", "number"]).toContain(typeof value);
  });

  test("describeShards says what each shard also builds", () => {
    expect(describeShards(shardsOf(fixture, {}, ["linux/amd64"]))).toContain(
      "  notes-agent.linux-amd64  on ubuntu-24.04, weight 2 (also builds python-agent-base from the shared cache)",
    );
  });
});

test("findShard names the valid ids for an unknown one", () => {
  const shards = shardsOf(fixture, {}, ["linux/amd64"]);
  expect(findShard(shards, "api.linux-amd64").targets).toEqual(["api"]);
  expect(() => findShard(shards, "api.linux-arm64")).toThrow(UsageError);
  expect(() => findShard(shards, "api.linux-arm64")).toThrow(/"api\.linux-arm64" is not a shard of this release/);
});

test.each([
  [["linux/arm64"], [], ["linux/arm64"]],
  [[], ["linux/amd64"], ["linux/amd64"]],
  [[], [], ["linux/amd64", "linux/arm64"]],
  [["linux/amd64,linux/arm64", "linux/amd64"], [], ["linux/amd64", "linux/arm64"]],
])("matrix platforms: --platform %j, config %j → %j", (given, configured, expected) => {
  expect(matrixPlatforms(given, { platforms: configured })).toEqual(expected);
});

test("a bad --platform is a usage error", () => {
  expect(() => matrixPlatforms(["banana"], { platforms: [] })).toThrow(/--platform\[0\] "banana" is not a platform/);
});
