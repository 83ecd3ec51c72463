// The build's per-target tag sets: annotations only when DOCKER_METADATA_ANNOTATIONS_LEVELS asks.
import { describe, expect, test } from "vitest";
import { bakeOverride } from "../../../scripts/bake/override.ts";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { planBuild } from "../../../scripts/plan/plan.ts";
import { tagSets } from "../../../scripts/tags/tag-sets.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";
import type { BakeDefinition } from "../../../scripts/types/bake.ts";

const context: GitContext = {
  eventName: "push",
  ref: "refs/tags/v1.2.3",
  sha: "9a8b7c6d5e4f30211234567890abcdefa1b2c3d4",
  notes: [],
};
const config = {
  ...defaultConfig,
  registry: "127.0.0.1:5000/acme",
  tags: ["type=semver,pattern={{version}}"],
  images: { api: "agent-api" },
};
const inputs = (annotationLevels: string[] | undefined) => ({
  now: new Date("2026-01-01T00:00:00Z"),
  shortShaLength: undefined,
  annotationLevels,
});

describe("tagSets annotations", () => {
  test.each([
    [undefined, undefined],
    [
      ["manifest"],
      [
        "manifest:org.opencontainers.image.created=2026-01-01T00:00:00.000Z",
        "manifest:org.opencontainers.image.revision=9a8b7c6d5e4f30211234567890abcdefa1b2c3d4",
        "manifest:org.opencontainers.image.version=1.2.3",
        "manifest:org.opencontainers.image.title=agent-api",
      ],
    ],
  ])("levels %j → %j", (levels, expected) => {
    expect(tagSets(["api"], config, context, inputs(levels)).api?.annotations).toEqual(expected);
  });

  test("manifest,index: every annotation at both levels, and into the bake override", () => {
    const sets = tagSets(["api"], config, context, inputs(["manifest", "index"]));
    expect(sets.api?.annotations).toHaveLength(8);
    expect(sets.api?.annotations).toContain("index:org.opencontainers.image.version=1.2.3");
    const definition: BakeDefinition = {
      groups: {},
      targets: {
        api: {
          name: "api",
          context: "/w",
          dockerfile: "/w/Dockerfile",
          tags: [],
          labels: {},
          args: {},
          contexts: {},
          platforms: [],
          secrets: [],
          output: [],
          cacheFrom: [],
          cacheTo: [],
          attest: [],
          kept: {},
        },
      },
    };
    const plan = planBuild({
      definition,
      selection: ["api"],
      config,
      output: "push",
      tagSets: sets,
      mirrors: {},
      cacheScope: { branch: "main", defaultBranch: "main", workspace: "/w", registry: config.registry },
    });
    expect(bakeOverride(plan).target.api?.annotations).toEqual(sets.api?.annotations);
  });
});
