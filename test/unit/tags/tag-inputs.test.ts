import { describe, expect, test } from "vitest";
import type { Exec } from "../../../scripts/process/exec.ts";
import { parseFlavor } from "../../../scripts/tags/flavor.ts";
import { planTargets } from "../../../scripts/tags/plan.ts";
import { parseTagRules } from "../../../scripts/tags/rules.ts";
import { annotationLevels, readTagInputs, setOutputEnv, shortShaLength } from "../../../scripts/tags/tag-inputs.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";
import { githubFixtureDir, readEnvFile } from "./github-fixtures.ts";

const spawnNothing: Exec = async () => {
  throw new Error("must not run git inside Actions");
};

describe("readTagInputs", () => {
  test("inside Actions: env + payload, SOURCE_DATE_EPOCH and the short sha length", async () => {
    const env = {
      ...readEnvFile("push-tag"),
      GITHUB_EVENT_PATH: `${githubFixtureDir}/push-tag.event.json`,
      SOURCE_DATE_EPOCH: "0",
      DOCKER_METADATA_SHORT_SHA_LENGTH: "10",
    };
    const inputs = await readTagInputs({ env, exec: spawnNothing, workspace: "/w", now: () => new Date() });
    expect(inputs.context.ref).toBe("refs/tags/v1.2.3");
    expect(inputs.now.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(inputs.shortShaLength).toBe(10);
    expect(inputs.annotationLevels).toBeUndefined();
    const annotated = await readTagInputs({
      env: { ...env, DOCKER_METADATA_ANNOTATIONS_LEVELS: "manifest,index" },
      exec: spawnNothing,
      workspace: "/w",
      now: () => new Date(),
    });
    expect(annotated.annotationLevels).toEqual(["manifest", "index"]);
  });
});

describe("DOCKER_METADATA_* settings", () => {
  test.each([
    [{}, undefined],
    [{ DOCKER_METADATA_SHORT_SHA_LENGTH: "12" }, 12],
  ])("%j → %s", (env, expected) => {
    expect(shortShaLength(env)).toBe(expected);
  });
});

describe("annotation levels and output env", () => {
  test.each([
    [{}, ["manifest"]],
    [{ DOCKER_METADATA_ANNOTATIONS_LEVELS: "" }, ["manifest"]],
    [{ DOCKER_METADATA_ANNOTATIONS_LEVELS: "manifest,index" }, ["manifest", "index"]],
    [
      { DOCKER_METADATA_ANNOTATIONS_LEVELS: "index-descriptor,manifest[linux/amd64]" },
      ["index-descriptor", "manifest[linux/amd64]"],
    ],
  ])("%j → %j", (env, expected) => {
    expect(annotationLevels(env)).toEqual(expected);
  });

  test("an unknown level is an error naming it", () => {
    expect(() => annotationLevels({ DOCKER_METADATA_ANNOTATIONS_LEVELS: "manifest,image" })).toThrow(
      /unknown level "image"/,
    );
  });

  test.each([
    [undefined, true],
    ["true", true],
    ["1", true],
    ["False", false],
    ["0", false],
  ])("DOCKER_METADATA_SET_OUTPUT_ENV=%s → %s", (value, expected) => {
    expect(setOutputEnv(value === undefined ? {} : { DOCKER_METADATA_SET_OUTPUT_ENV: value })).toBe(expected);
  });

  test("DOCKER_METADATA_SET_OUTPUT_ENV=maybe is an error", () => {
    expect(() => setOutputEnv({ DOCKER_METADATA_SET_OUTPUT_ENV: "maybe" })).toThrow(/must be true or false/);
  });
});

describe("planTargets", () => {
  test("every bake target gets its own image references", () => {
    const context: GitContext = { eventName: "push", ref: "refs/tags/v1.2.3", sha: "9a8b7c6d5e4f", notes: [] };
    const plans = planTargets(
      { api: ["reg/api"], worker: ["reg/worker", "ghcr.io/acme/worker"] },
      { rules: parseTagRules(["type=semver,pattern={{version}}"]), flavor: parseFlavor([]), context, now: new Date(0) },
    );
    expect(plans.api?.tags).toEqual(["reg/api:1.2.3", "reg/api:latest"]);
    expect(plans.worker?.tags).toEqual([
      "reg/worker:1.2.3",
      "reg/worker:latest",
      "ghcr.io/acme/worker:1.2.3",
      "ghcr.io/acme/worker:latest",
    ]);
  });
});
