import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { formatPlan, formatSize, releaseOutputs, summaryRows } from "../../../scripts/release/format.ts";
import type { ReleasePlan } from "../../../scripts/release/release-plan.ts";
import type { ReleaseResult } from "../../../scripts/release/release.ts";
import { fixtures } from "./github-env.ts";

const result = JSON.parse(readFileSync(new URL("result-v1.2.3.json", fixtures), "utf8")) as ReleaseResult;

test.each([
  [undefined, "-"],
  [512, "512 B"],
  [2048, "2.0 KiB"],
  [171793772, "163.8 MiB"],
])("formatSize(%s)", (bytes, text) => {
  expect(formatSize(bytes)).toBe(text);
});

test("summary rows: image, bare tags, digest, size, smoke, cached/total steps", () => {
  expect(summaryRows(result)[1]).toEqual([
    "127.0.0.1:5000/rehearsal/echo-agent",
    "1.2.3, latest",
    "sha256:1d29c8fd2cbb8bf17bf41f784b51a335f58afab201494421711b785a95bce933",
    "-",
    "passed",
    "4/4",
  ]);
});

test("outputs have one digest and one tag list per image", () => {
  expect(Object.keys(releaseOutputs(result))).toEqual([
    "version",
    "result",
    "api-digest",
    "api-tags",
    "echo-agent-digest",
    "echo-agent-tags",
  ]);
});

test("the dry-run plan shows every image with its tags and smoke spec", () => {
  const plan: ReleasePlan = {
    version: "2.0.0-rc.1",
    prerelease: true,
    registry: { host: "127.0.0.1:5000", namespace: "rehearsal" },
    platforms: ["linux/amd64", "linux/arm64"],
    nativePlatform: "linux/amd64",
    attest: "full",
    images: [
      {
        target: "api",
        repository: { host: "127.0.0.1:5000", repository: "rehearsal/api" },
        tags: ["2.0.0-rc.1", "sha-9a8b7c6"],
        specFile: "/ws/api/smoke.yaml",
      },
      {
        target: "echo-agent",
        repository: { host: "127.0.0.1:5000", repository: "rehearsal/echo-agent" },
        tags: ["2.0.0-rc.1", "sha-9a8b7c6"],
      },
    ],
  };
  expect(formatPlan(plan, "/ws")).toBe(readFileSync(new URL("dry-run-rc.txt", fixtures), "utf8").trimEnd());
});
