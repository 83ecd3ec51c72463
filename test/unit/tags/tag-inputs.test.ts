import { describe, expect, test } from "vitest";
import type { Exec } from "../../../scripts/process/exec.ts";
import { parseFlavor } from "../../../scripts/tags/flavor.ts";
import { planTargets } from "../../../scripts/tags/plan.ts";
import { parseTagRules } from "../../../scripts/tags/rules.ts";
import { defaultImage, readTagInputs, shortShaLength } from "../../../scripts/tags/tag-inputs.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";
import { githubFixtureDir, readEnvFile } from "./github-fixtures.ts";

const spawnNothing: Exec = async () => {
  throw new Error("must not run git inside Actions");
};

describe("readTagInputs", () => {
  test("inside Actions: env + payload, SOURCE_DATE_EPOCH and the short sha length", async () => {
    const env = { ...readEnvFile("push-tag"), GITHUB_EVENT_PATH: `${githubFixtureDir}/push-tag.event.json`, SOURCE_DATE_EPOCH: "0", DOCKER_METADATA_SHORT_SHA_LENGTH: "10" };
    const inputs = await readTagInputs({ env, exec: spawnNothing, workspace: "/w", now: () => new Date() });
    expect(inputs.context.ref).toBe("refs/tags/v1.2.3");
    expect(inputs.now.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(inputs.shortShaLength).toBe(10);
  });
});

describe("defaultImage and shortShaLength", () => {
  test.each([
    [{ repo: { name: "agent-images", description: "", htmlUrl: "", license: "" } }, "agent-images"],
    [{ repository: "acme/api" }, "api"],
    [{}, "workspace-dir"],
  ])("%j → %s", (extra, expected) => {
    const context: GitContext = { eventName: "push", ref: "refs/heads/main", sha: "", notes: [], ...extra };
    expect(defaultImage(context, "/srv/workspace-dir")).toBe(expected);
  });

  test.each([[{}, undefined], [{ DOCKER_METADATA_SHORT_SHA_LENGTH: "12" }, 12]])("%j → %s", (env, expected) => {
    expect(shortShaLength(env)).toBe(expected);
  });
});

describe("planTargets", () => {
  test("every bake target gets its own image references", () => {
    const context: GitContext = { eventName: "push", ref: "refs/tags/v1.2.3", sha: "9a8b7c6d5e4f", notes: [] };
    const plans = planTargets({ api: ["reg/api"], worker: ["reg/worker", "ghcr.io/acme/worker"] }, { rules: parseTagRules(["type=semver,pattern={{version}}"]), flavor: parseFlavor([]), context, now: new Date(0) });
    expect(plans.api?.tags).toEqual(["reg/api:1.2.3", "reg/api:latest"]);
    expect(plans.worker?.tags).toEqual(["reg/worker:1.2.3", "reg/worker:latest", "ghcr.io/acme/worker:1.2.3", "ghcr.io/acme/worker:latest"]);
  });
});
