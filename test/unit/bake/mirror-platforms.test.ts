import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { mirrorsInUse, missingPlatforms } from "../../../scripts/bake/mirror-platforms.ts";
import { indexPlatforms } from "../../../scripts/plan/platforms.ts";
import { nativePlatformOf } from "../../../scripts/plan/platforms.ts";
import type { BuildPlan } from "../../../scripts/plan/plan.ts";

test("an index lists its platforms, without attestation manifests; a single manifest lists none", () => {
  const index = JSON.parse(readFileSync("test/fixtures/release/index.oci.json", "utf8")) as Parameters<
    typeof indexPlatforms
  >[0];
  expect(indexPlatforms(index)?.every((platform) => /^linux\//.test(platform))).toBe(true);
  expect(indexPlatforms({ mediaType: "application/vnd.docker.distribution.manifest.v2+json" })).toBeUndefined();
});

test.each([
  [["linux/amd64", "linux/arm64"], ["linux/amd64"], ["linux/arm64"]],
  [["linux/arm64"], ["linux/arm64/v8", "linux/amd64"], []],
  [["linux/amd64"], ["linux/amd64"], []],
])("missingPlatforms(%j, %j) = %j", (requested, available, missing) => {
  expect(missingPlatforms(requested, available)).toEqual(missing);
});

test("only mirrors a Dockerfile of the plan names are checked", () => {
  const plan = {
    schemaVersion: 1,
    targets: [{ dockerfile: "/ws/base/Dockerfile" }, { dockerfile: "/ws/agent/Dockerfile" }],
  } as BuildPlan;
  const files: Record<string, string> = {
    "/ws/base/Dockerfile": "ARG PYTHON_IMAGE=python:3.12-slim-bookworm\nFROM ${PYTHON_IMAGE}\n",
    "/ws/agent/Dockerfile": "FROM base\n",
  };
  const mirrors = { "python:3.12-slim-bookworm": "m/python", "redis:7-bookworm": "m/redis" };
  expect(mirrorsInUse(plan, mirrors, (file) => files[file] ?? "")).toEqual({ "python:3.12-slim-bookworm": "m/python" });
});

test.each([
  ["x64", "linux/amd64"],
  ["arm64", "linux/arm64"],
])("nativePlatformOf(linux, %s) = %s", (arch, platform) => {
  expect(nativePlatformOf("linux", arch)).toBe(platform);
});
