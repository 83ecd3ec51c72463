// Sequencing of a shard and of the promotion, with fakes for every stage (release-world.ts).
import { describe, expect, test } from "vitest";
import { ReleaseFailedError } from "../../../scripts/errors/release.ts";
import { buildRequest } from "../../../scripts/release/release.ts";
import type { ReleasePlan } from "../../../scripts/release/release-plan.ts";
import type { StagedPart } from "../../../scripts/release/shard-collate.ts";
import { runPromotion, runShard } from "../../../scripts/release/shards.ts";
import { localStagingRefs, stagedImages } from "../../../scripts/release/staging.ts";
import { basePlan, context, world } from "./release-world.ts";

const armStaging = "127.0.0.1:5000/rehearsal/release-staging/linux-arm64";
const base = {
  target: "base",
  repository: { host: "127.0.0.1:5000", repository: "rehearsal/base" },
  tags: ["1.2.3", "latest"],
};
const shardPlan: ReleasePlan = {
  ...basePlan,
  platforms: ["linux/arm64"],
  shard: { id: "api+web.linux-arm64", platform: "linux/arm64", dependencies: [base] },
};
const calls = (list: string[]): string[] => list.filter((call) => !call.startsWith("group"));

describe("a shard", () => {
  test(
    "checks, lints, builds for its platform into its platform's staging, " +
      "smoke-tests, and keeps staging for the promotion",
    async () => {
      const { calls: seen, run } = world({}, shardPlan);
      const result = await runShard(run);
      expect(calls(seen)).toEqual([
        "check registry",
        "lint",
        "build push linux/arm64 smoke=true lint=false",
        "smoke api:local web:local",
        "push by digest",
        `untag ${["api", "web"]
          .flatMap((name) => ["1.2.3", "latest"].map((tag) => `${armStaging}/${name}:${tag}`))
          .join(" ")} ` + `127.0.0.1:5000/rehearsal/release-staging/linux-arm64/base:api-web.linux-arm64`,
      ]);
      expect(result).toMatchObject({
        schemaVersion: 1,
        shard: "api+web.linux-arm64",
        status: "passed",
        version: "1.2.3",
        commit: context.sha,
        registry: "127.0.0.1:5000/rehearsal",
        platform: "linux/arm64",
        push: "tags",
      });
      expect(result.images.map((image) => [image.target, image.staged, image.digest, image.tags, image.smoke])).toEqual(
        [
          ["api", "rehearsal/release-staging/linux-arm64/api", "sha256:api", ["1.2.3", "latest"], "passed"],
          ["web", "rehearsal/release-staging/linux-arm64/web", "sha256:web", ["1.2.3", "latest"], "passed"],
        ],
      );
    },
  );

  test("a failed shard cleans its own staging, reads the release's tags back (untouched) and says so", async () => {
    const { calls: seen, run } = world({ smokeFails: "web" }, shardPlan);
    await expect(runShard(run)).rejects.toThrow(ReleaseFailedError);
    expect(seen).toContain(
      "clean staging rehearsal/release-staging/linux-arm64/api rehearsal/release-staging/linux-arm64/web",
    );
    expect(seen.some((call) => call.startsWith("tags") || call.startsWith("assemble"))).toBe(false);
  });

  test(
    "the build request: its platform, its platform's staging and cache " + "scope; by digest where the builder can",
    () => {
      expect(buildRequest({ plan: shardPlan, context })).toMatchObject({
        targets: ["api", "web"],
        platforms: ["linux/arm64"],
        registry: "127.0.0.1:5000/rehearsal/release-staging/linux-arm64",
        output: "push",
        cachePlatform: "linux/arm64",
        smokePlatform: "linux/arm64",
        dependencyTag: "api-web.linux-arm64",
      });
      expect(buildRequest({ plan: { ...shardPlan, push: "digest" }, context }).output).toBe("push-by-digest");
      expect(buildRequest({ plan: { ...basePlan, push: "digest" }, context })).toMatchObject({
        registry: "127.0.0.1:5000/rehearsal/release-staging",
        output: "push-by-digest",
      });
      expect(buildRequest({ plan: basePlan, context })).not.toHaveProperty("cachePlatform");
    },
  );

  test("staging and local refs: per platform; what it builds FROM under the shard's own tag", () => {
    expect(stagedImages(shardPlan).map((image) => image.repository)).toEqual([
      "rehearsal/release-staging/linux-arm64/api",
      "rehearsal/release-staging/linux-arm64/web",
    ]);
    expect(localStagingRefs(shardPlan).filter((ref) => ref.includes("/base:"))).toEqual([
      "127.0.0.1:5000/rehearsal/release-staging/linux-arm64/base:api-web.linux-arm64",
    ]);
  });
});

describe("the promotion", () => {
  const part = (target: string, platform: string, tags = ["1.2.3"]): StagedPart => ({
    shard: `${target}.${platform.replace("/", "-")}`,
    platform,
    target,
    staged: `rehearsal/release-staging/${platform.replace("/", "-")}/${target}`,
    digest: `sha256:${target}-${platform}`,
    tags,
    smoke: "passed",
    cachedSteps: 2,
    totalSteps: 3,
  });
  const parts = new Map(
    ["api", "web"].map((target) => [target, [part(target, "linux/amd64"), part(target, "linux/arm64", [])]]),
  );

  test("checks the staging it reads, assembles each image, moves every tag, then removes the staged tags", async () => {
    const { calls: seen, run } = world();
    const result = await runPromotion(run, parts);
    expect(calls(seen)).toEqual([
      "check registry rehearsal/release-staging/linux-amd64/api " +
        "rehearsal/release-staging/linux-arm64/api " +
        "rehearsal/release-staging/linux-amd64/web " +
        "rehearsal/release-staging/linux-arm64/web",
      "staged? 4",
      "assemble api",
      "assemble web",
      "tags rehearsal/api@sha256:api rehearsal/web@sha256:web",
      "clean staging rehearsal/release-staging/linux-amd64/api rehearsal/release-staging/linux-amd64/web",
    ]);
    expect(
      result.images.map((image) => [image.repository, image.digest, image.smoke, image.cachedSteps, image.totalSteps]),
    ).toEqual([
      ["127.0.0.1:5000/rehearsal/api", "sha256:api", "passed", 4, 6],
      ["127.0.0.1:5000/rehearsal/web", "sha256:web", "passed", 4, 6],
    ]);
  });

  test(
    "a staged digest the registry lacks stops the promotion before " + "anything is copied, naming the shard",
    async () => {
      const { calls: seen, run } = world();
      run.deps.missingStaged = async (all) => all.filter((entry) => entry.shard === "web.linux-arm64");
      await expect(runPromotion(run, parts)).rejects.toThrow(
        /staging lacks what these shards reported: web\.linux-arm64 \(127\.0\.0\.1:5000\/rehearsal\/release-staging\/linux-arm64\/web@sha256:web-linux\/arm64\)\. Nothing was promoted and no tag was moved\./,
      );
      expect(seen.some((call) => call.startsWith("assemble") || call.startsWith("tags"))).toBe(false);
    },
  );

  test("an image that cannot be assembled moves no tag and leaves staging for a rerun of the promotion", async () => {
    const { calls: seen, run } = world();
    run.deps.assemble = async (target) =>
      target === "web"
        ? Promise.reject(new Error("shard web.linux-arm64 reported …, which is not in the registry"))
        : "sha256:api";
    await expect(runPromotion(run, parts)).rejects.toThrow(
      /release stopped before moving any tag: assembling 127\.0\.0\.1:5000\/rehearsal\/web failed: shard web\.linux-arm64 reported/,
    );
    expect(
      seen.some((call) => call.startsWith("tags") || call.startsWith("clean staging") || call.startsWith("untag")),
    ).toBe(false);
    expect(seen).toContain("read tags");
  });
});
