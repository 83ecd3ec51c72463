import { describe, expect, test } from "vitest";
import { defaultConfig, type ImagesConfig } from "../../../scripts/config/types.ts";
import { projectFlavor, projectTags } from "../tags/project-rules.ts";
import {
  choosePlatforms,
  nativePlatformOf,
  planRelease,
  type ReleasePlanInput,
} from "../../../scripts/release/release-plan.ts";
import { contextFrom } from "./github-env.ts";

const config: ImagesConfig = {
  ...defaultConfig,
  tags: [...projectTags],
  flavor: [...projectFlavor],
  registry: "ghcr.io/acme",
  images: { "python-agent-base": "agent-base" },
};
const targets = [{ name: "python-agent-base", specFile: "/ws/base/smoke.yaml" }, { name: "api" }];

function input(envFile: string, extra: Partial<ReleasePlanInput> = {}): ReleasePlanInput {
  return {
    context: contextFrom(envFile),
    config,
    targets,
    now: new Date("2026-11-23T12:00:00Z"),
    nativePlatform: "linux/amd64",
    ci: true,
    ...extra,
  };
}

describe("planRelease", () => {
  test("a v1.2.3 tag releases 1.2.3, 1.2, 1, latest and the sha tag of every image", () => {
    const plan = planRelease(input("tag-v1.2.3.env"));
    expect(plan).toMatchObject({
      version: "1.2.3",
      prerelease: false,
      registry: { host: "ghcr.io", namespace: "acme" },
      platforms: ["linux/amd64", "linux/arm64"],
      attest: "full",
    });
    expect(plan.images).toEqual([
      {
        target: "python-agent-base",
        repository: { host: "ghcr.io", repository: "acme/agent-base" },
        tags: ["1.2.3", "1.2", "1", "sha-9a8b7c6", "latest"],
        specFile: "/ws/base/smoke.yaml",
      },
      {
        target: "api",
        repository: { host: "ghcr.io", repository: "acme/api" },
        tags: ["1.2.3", "1.2", "1", "sha-9a8b7c6", "latest"],
      },
    ]);
  });

  test("a prerelease tag pushes its version and does not move latest", () => {
    const plan = planRelease(input("tag-v2.0.0-rc.1.env"));
    expect(plan.prerelease).toBe(true);
    expect(plan.images[0]?.tags).toEqual(["2.0.0-rc.1", "sha-9a8b7c6"]);
  });

  test("attestations: provenance and SBOM in Actions, provenance only elsewhere, unless told", () => {
    expect(planRelease(input("tag-v1.2.3.env", { ci: false })).attest).toBe("provenance");
    expect(planRelease(input("tag-v1.2.3.env", { ci: false, attest: "none" })).attest).toBe("none");
  });

  test("--registry overrides the config", () => {
    const plan = planRelease(input("tag-v1.2.3.env", { registry: "127.0.0.1:5000/rehearsal" }));
    expect(plan.images.map((image) => `${image.repository.host}/${image.repository.repository}`)).toEqual([
      "127.0.0.1:5000/rehearsal/agent-base",
      "127.0.0.1:5000/rehearsal/api",
    ]);
  });

  test.each([
    ["tag-not-semver.env", /semver tag such as v1\.2\.3 \(ref refs\/tags\/v1\.2\.3\), got "refs\/tags\/v1\.2"/],
    ["dispatch-main.env", /got "refs\/heads\/main"/],
  ])("%s fails before anything is planned, showing the expected form", (envFile, message) => {
    expect(() => planRelease(input(envFile))).toThrow(message);
  });

  test("no image at all is an error", () => {
    expect(() => planRelease(input("tag-v1.2.3.env", { targets: [] }))).toThrow(/no image to release/);
  });
});

describe("choosePlatforms", () => {
  const base = { config, ci: false, nativePlatform: "linux/amd64" };
  test.each([
    [{}, ["linux/amd64"]],
    [{ ci: true }, ["linux/amd64", "linux/arm64"]],
    [{ config: { ...config, platforms: ["linux/amd64", "linux/arm/v7"] } }, ["linux/amd64", "linux/arm/v7"]],
    [{ ci: true, platforms: ["linux/amd64", " linux/amd64"] }, ["linux/amd64"]],
  ])("%j → %j", (extra, expected) => {
    expect(choosePlatforms({ ...base, ...extra })).toEqual(expected);
  });

  test("the native platform must be among them, for the smoke specs", () => {
    expect(() => choosePlatforms({ ...base, platforms: ["linux/arm64"] })).toThrow(
      /smoke specs run on this machine's platform linux\/amd64/,
    );
  });

  test("a malformed platform shows the expected form", () => {
    expect(() => choosePlatforms({ ...base, platforms: ["amd64"] })).toThrow(/not a platform: amd64/);
  });
});

test.each([
  ["linux", "x64", "linux/amd64"],
  ["linux", "arm64", "linux/arm64"],
  ["darwin", "arm64", "darwin/arm64"],
])("nativePlatformOf(%s, %s)", (platform, arch, expected) => {
  expect(nativePlatformOf(platform, arch)).toBe(expected);
});
