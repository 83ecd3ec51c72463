// Each captured trigger (env file + event payload) → the tags and labels metadata-action gives.
import { describe, expect, test } from "vitest";
import { parseFlavor } from "../../../scripts/tags/flavor.ts";
import { contextFromGithubEnv } from "../../../scripts/tags/github-context.ts";
import { planTags } from "../../../scripts/tags/plan.ts";
import { parseTagRules } from "../../../scripts/tags/rules.ts";
import { fixtureNames, readCases, readEnvFile, readFixtureFile } from "./github-fixtures.ts";
import { projectFlavor, projectTags } from "./project-rules.ts";

const cases = fixtureNames().flatMap((fixture) =>
  readCases(fixture).map((item) => [fixture, item.name, item] as const),
);

describe("captured GitHub triggers", () => {
  test("every trigger of the brief has a fixture", () => {
    expect(fixtureNames()).toEqual([
      "pull-request",
      "push-feature",
      "push-main",
      "push-tag",
      "push-tag-rc",
      "schedule",
      "workflow-dispatch",
    ]);
  });

  test.each(cases)("%s: %s", (fixture, _name, item) => {
    const context = contextFromGithubEnv({ ...readEnvFile(fixture), ...item.env }, readFixtureFile);
    const plan = planTags({
      images: item.images,
      rules: parseTagRules(item.tags ?? projectTags),
      flavor: parseFlavor(item.flavor ?? projectFlavor),
      context,
      now: new Date(item.now),
      labels: item.labels ?? [],
      annotations: item.annotations ?? [],
    });
    expect({ ...plan, version: { ...plan.version, main: plan.version.main ?? null } }).toEqual(item.expected);
  });
});

describe("release rules from the release issue", () => {
  const release = (fixture: string) =>
    planTags({
      images: ["api"],
      rules: parseTagRules(projectTags),
      flavor: parseFlavor(projectFlavor),
      context: contextFromGithubEnv(readEnvFile(fixture), readFixtureFile),
      now: new Date(0),
    }).tags;

  test("v1.2.3 gives 1.2.3, 1.2, 1, a sha tag and latest", () => {
    expect(release("push-tag")).toEqual(["api:1.2.3", "api:1.2", "api:1", "api:sha-9a8b7c6", "api:latest"]);
  });

  test("v2.0.0-rc.1 gives 2.0.0-rc.1 and a sha tag, and does not move latest", () => {
    expect(release("push-tag-rc")).toEqual(["api:2.0.0-rc.1", "api:sha-5e6f7a8"]);
  });
});
