// A shard's result file (written, read back with validation) and the promotion's check that every
// shard of the plan reported success for this very release before anything is promoted.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { ReleaseError } from "../../../scripts/errors/release.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { planShards } from "../../../scripts/plan/matrix.ts";
import { releasedTargets } from "../../../scripts/plan/released.ts";
import type { ReleasePlan } from "../../../scripts/release/release-plan.ts";
import { collateResults, type ReadResult } from "../../../scripts/release/shard-collate.ts";
import {
  failedResult,
  parseShardResult,
  resultFileName,
  type ShardResult,
} from "../../../scripts/release/shard-result.ts";
import { contextFrom } from "./github-env.ts";

const definition = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), "/ws");
const platforms = ["linux/amd64", "linux/arm64"];
const shards = planShards({
  definition,
  targets: releasedTargets(definition),
  platforms,
  matrix: defaultConfig.matrix,
});
const context = contextFrom("tag-v1.2.3.env");
const registry = { host: "127.0.0.1:5000", namespace: "rehearsal" };
const plan: ReleasePlan = {
  version: "1.2.3",
  prerelease: false,
  registry,
  platforms,
  nativePlatform: "linux/amd64",
  attest: "provenance",
  images: releasedTargets(definition).map((target) => ({
    target,
    repository: { host: registry.host, repository: `rehearsal/${target}` },
    tags: ["1.2.3", "latest"],
  })),
};
const digest = (seed: string): string => `sha256:${seed.padEnd(64, "0")}`;

function passed(id: string): ShardResult {
  const shard = shards.find((entry) => entry.id === id);
  if (!shard) throw new Error(id);
  const slug = shard.platform.replace("/", "-");
  return {
    schemaVersion: 1,
    shard: id,
    status: "passed",
    version: "1.2.3",
    commit: context.sha,
    registry: "127.0.0.1:5000/rehearsal",
    platform: shard.platform,
    push: "tags",
    images: shard.targets.map((target) => ({
      target,
      staged: `rehearsal/release-staging/${slug}/${target}`,
      digest: digest(`${target.length}${slug.length}`),
      tags: ["1.2.3", "latest"],
      smoke: "passed",
      cachedSteps: 3,
      totalSteps: 4,
    })),
  };
}

const all = (): ReadResult[] => shards.map((shard) => ({ file: resultFileName(shard.id), result: passed(shard.id) }));
const collate = (read: ReadResult[]) => collateResults({ plan, commit: context.sha, shards }, read);

describe("collateResults", () => {
  test("every shard passed: each image gets its platforms in the plan's order", () => {
    const parts = collate(all());
    expect([...parts.keys()]).toEqual(["python-agent-base", "echo-agent", "notes-agent", "api"]);
    expect(parts.get("notes-agent")?.map((part) => [part.shard, part.platform, part.staged])).toEqual([
      ["notes-agent.linux-amd64", "linux/amd64", "rehearsal/release-staging/linux-amd64/notes-agent"],
      ["notes-agent.linux-arm64", "linux/arm64", "rehearsal/release-staging/linux-arm64/notes-agent"],
    ]);
  });

  test("a missing and a failed shard: one error naming both, before anything is promoted", () => {
    const failed = {
      ...passed("api.linux-arm64"),
      status: "failed" as const,
      images: [],
      error: "smoke specs failed for api: no tag was moved",
    };
    const read = all()
      .filter((entry) => entry.result.shard !== "notes-agent.linux-amd64")
      .map((entry) => (entry.result.shard === "api.linux-arm64" ? { ...entry, result: failed } : entry));
    expect(() => collate(read)).toThrow(ReleaseError);
    expect(() => collate(read)).toThrow(
      [
        "release 1.2.3 stopped before promoting anything: the shards did not all succeed (6 planned):",
        "  notes-agent.linux-amd64 did not report (no result: it was cancelled, killed or never ran)",
        "  api.linux-arm64 failed: smoke specs failed for api: no tag was moved",
        "  nothing was promoted and no tag was moved",
      ].join("\n"),
    );
  });

  test.each([
    [
      "another commit's result",
      { commit: "f".repeat(40) },
      /api\.linux-amd64 reported 1\.2\.3 of fffffff to 127\.0\.0\.1:5000\/rehearsal \(api\.linux-amd64\.json\), not 1\.2\.3 of 9a8b7c6/,
    ],
    ["another version's result", { version: "1.2.2" }, /api\.linux-amd64 reported 1\.2\.2 of/],
    [
      "a shard of another plan",
      { shard: "api.linux-s390x" },
      /api\.linux-amd64\.json is from shard api\.linux-s390x, which is not in this plan[\s\S]*api\.linux-amd64 did not report/,
    ],
    ["a result without one of its images", { images: [] }, /api\.linux-amd64 reported no digest for api/],
    [
      "a result for another platform",
      { platform: "linux/arm64" },
      /api\.linux-amd64 built linux\/arm64, not linux\/amd64/,
    ],
  ])("%s is not accepted", (_name, change, message) => {
    const read = all().map((entry) =>
      entry.result.shard === "api.linux-amd64" ? { ...entry, result: { ...entry.result, ...change } } : entry,
    );
    expect(() => collate(read)).toThrow(message);
  });

  test("the same result twice (an artifact downloaded twice) is fine; two different ones are not", () => {
    expect(() => collate([...all(), ...all()])).not.toThrow();
    const other = { file: "again/api.linux-amd64.json", result: { ...passed("api.linux-amd64"), images: [] } };
    expect(() => collate([...all(), other])).toThrow(
      /api\.linux-amd64 has two different results \(again\/api\.linux-amd64\.json is the second\)/,
    );
  });
});

describe("shard result files", () => {
  test("a written result reads back as it was", () => {
    const result = passed("api.linux-amd64");
    expect(parseShardResult(JSON.stringify(result), "r.json")).toEqual(result);
  });

  test("a failed shard records the first line of its error", () => {
    const shardPlan = {
      ...plan,
      platforms: ["linux/amd64"],
      shard: { id: "api.linux-amd64", platform: "linux/amd64", dependencies: [] },
    };
    expect(failedResult(shardPlan, context, new Error("build interrupted: bake was stopped\nmore"))).toEqual({
      schemaVersion: 1,
      shard: "api.linux-amd64",
      status: "failed",
      version: "1.2.3",
      commit: context.sha,
      registry: "127.0.0.1:5000/rehearsal",
      platform: "linux/amd64",
      push: "tags",
      images: [],
      error: "build interrupted: bake was stopped",
    });
  });

  test.each([
    ["{", /a shard result that is not JSON/],
    [
      '{"schemaVersion":2,"images":[]}',
      /not a shard result: schemaVersion 2 \(expected 1\); shard is missing; version is missing; commit is missing; registry is missing; platform is missing; status is not passed or failed; push is not tags or digest/,
    ],
    [
      JSON.stringify({
        ...passed("api.linux-amd64"),
        images: [{ target: "api", staged: "s", digest: "sha256:zz", tags: [], smoke: "maybe" }],
      }),
      /images\[0\]\.digest is not a sha256 digest; images\[0\]\.smoke is not passed or failed; images\[0\]\.cachedSteps is not a count; images\[0\]\.totalSteps is not a count$/,
    ],
  ])("%s is refused with every problem, naming the file", (text, message) => {
    expect(() => parseShardResult(text, "results/x.json")).toThrow(message);
    expect(() => parseShardResult(text, "results/x.json")).toThrow(
      expect.objectContaining({ file: "results/x.json" }) as ConfigError,
    );
  });
});
