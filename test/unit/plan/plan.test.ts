import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { defaultConfig, type ImagesConfig } from "../../../scripts/config/types.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { imageAnnotations, imageLabels, mergeAttest, planBuild, type PlanInput } from "../../../scripts/plan/plan.ts";
import { cacheRefs, cacheTag } from "../../../scripts/plan/cache.ts";
import { bakeArgs, bakeOverride } from "../../../scripts/bake/override.ts";

const definition = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), "/ws");
const config: ImagesConfig = { ...defaultConfig, registry: "reg.example:5000/team", images: { api: "fixture-api" } };
const scope = { branch: "feature-x", defaultBranch: "main", workspace: "/ws", registry: config.registry };

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    definition,
    selection: ["echo-agent"],
    config,
    output: "push",
    tagSets: {
      "echo-agent": {
        tags: ["reg.example:5000/team/echo-agent:1.2.3"],
        labels: { "org.opencontainers.image.version": "1.2.3" },
      },
    },
    mirrors: { "python:3.12-slim-bookworm": "127.0.0.1:5000/library/python:3.12-slim-bookworm" },
    cacheScope: scope,
    ...overrides,
  };
}

describe("planBuild", () => {
  test("orders the base before the agent and marks it a dependency that is not pushed", () => {
    const plan = planBuild(input());
    expect(plan.targets.map((t) => [t.name, t.requested, t.output])).toEqual([
      ["python-agent-base", false, ["type=cacheonly"]],
      ["echo-agent", true, ["type=image,push=true"]],
    ]);
  });

  test("a push publishes the computed tags only; a load keeps bake's tags too", () => {
    expect(planBuild(input()).targets[1]?.tags).toEqual(["reg.example:5000/team/echo-agent:1.2.3"]);
    expect(planBuild(input({ output: "load" })).targets[1]?.tags).toEqual([
      "127.0.0.1:5000/fixture/echo-agent:dev",
      "reg.example:5000/team/echo-agent:1.2.3",
    ]);
  });

  test("SOURCE_DATE_EPOCH becomes a build arg for reproducible timestamps", () => {
    const echo = planBuild(input({ sourceDateEpoch: "1700000000" })).targets[1];
    expect(echo?.args).toEqual({
      BASE_IMAGE: "127.0.0.1:5000/fixture/python-agent-base:dev",
      SOURCE_DATE_EPOCH: "1700000000",
    });
    expect(
      bakeOverride(planBuild(input({ sourceDateEpoch: "1700000000" }))).target["echo-agent"]?.args?.SOURCE_DATE_EPOCH,
    ).toBe("1700000000");
  });

  test("merges bake labels with computed labels", () => {
    const echo = planBuild(input()).targets[1];
    expect(echo?.labels).toEqual({
      "org.opencontainers.image.vendor": "fixture",
      "org.opencontainers.image.version": "1.2.3",
    });
  });

  test("maps mirrors to docker-image contexts without losing target: contexts", () => {
    const echo = planBuild(input()).targets[1];
    expect(echo?.contexts).toEqual({
      "python:3.12-slim-bookworm": "docker-image://127.0.0.1:5000/library/python:3.12-slim-bookworm",
      "127.0.0.1:5000/fixture/python-agent-base:dev": "target:python-agent-base",
    });
  });

  test("passes the host CA as a secret, never as an arg", () => {
    const echo = planBuild(input({ caFile: "/etc/ssl/certs/ca-certificates.crt" })).targets[1];
    expect(echo?.secrets).toEqual(["id=host_ca,src=/etc/ssl/certs/ca-certificates.crt"]);
    expect(JSON.stringify(echo?.args)).not.toContain("ca-certificates");
  });

  test("loads dependencies locally when loading, and names the image from the config", () => {
    const plan = planBuild(input({ output: "load", selection: ["api"] }));
    expect(plan.targets.map((t) => [t.name, t.image, t.output[0]])).toEqual([
      ["api", "reg.example:5000/team/fixture-api", "type=docker,compression=zstd,compression-level=1"],
    ]);
  });

  test("push by digest names the repository and leaves tags for later", () => {
    const plan = planBuild(input({ output: "push-by-digest", attest: "full" }));
    const override = bakeOverride(plan).target["echo-agent"];
    expect(override?.output).toEqual([
      "type=image,name=reg.example:5000/team/echo-agent,push-by-digest=true,name-canonical=true,push=true",
    ]);
    expect(override?.tags).toEqual([]);
    expect(override?.attest).toEqual(["type=provenance,mode=max", "type=sbom"]);
    expect(plan.targets[1]?.tags).toContain("reg.example:5000/team/echo-agent:1.2.3");
  });

  test.each([
    ["full", ["type=provenance,mode=max", "type=sbom"]],
    ["provenance", ["type=provenance,mode=max"]],
    ["none", ["type=provenance,disabled=true"]],
  ] as const)("attest %s when pushing; never when loading", (mode, entries) => {
    expect(planBuild(input({ output: "push", attest: mode })).targets[1]?.attest).toEqual(entries);
    expect(planBuild(input({ output: "load", attest: mode })).targets[1]?.attest).toEqual([]);
  });

  test("platforms: request, then target, then config", () => {
    expect(planBuild(input({ platforms: ["linux/amd64", "linux/arm64"] })).targets[1]?.platforms).toEqual([
      "linux/amd64",
      "linux/arm64",
    ]);
    expect(planBuild(input({ config: { ...config, platforms: ["linux/arm64"] } })).targets[1]?.platforms).toEqual([
      "linux/arm64",
    ]);
  });
});

describe("cacheRefs", () => {
  test.each([
    ["none", { cacheFrom: [], cacheTo: [] }],
    [
      "local",
      {
        cacheFrom: ["type=local,src=/ws/.cache/buildx/echo"],
        cacheTo: ["type=local,dest=/ws/.cache/buildx/echo,mode=max,compression=zstd,compression-level=1"],
      },
    ],
    [
      "registry",
      {
        cacheFrom: [
          "type=registry,ref=reg.example:5000/team/cache:echo-feature-x",
          "type=registry,ref=reg.example:5000/team/cache:echo-main",
        ],
        cacheTo: ["type=registry,ref=reg.example:5000/team/cache:echo-feature-x,mode=max"],
      },
    ],
    ["gha", { cacheFrom: ["type=gha,scope=echo"], cacheTo: ["type=gha,scope=echo,mode=max"] }],
    ["inline", { cacheFrom: ["type=registry,ref=img"], cacheTo: ["type=inline"] }],
  ] as const)("%s", (mode, expected) => {
    expect(cacheRefs({ ...config.cache, mode }, "echo", "img", scope)).toEqual(expected);
  });

  test("registry cache on the default branch imports one ref", () => {
    expect(
      cacheRefs({ ...config.cache, mode: "registry", ref: "r/c" }, "t", "img", { ...scope, branch: "main" }).cacheFrom,
    ).toEqual(["type=registry,ref=r/c:t-main"]);
  });

  test.each([
    [
      "registry",
      ["type=registry,ref=r/c:echo-linux-arm64-feature-x", "type=registry,ref=r/c:echo-linux-arm64-main"],
      ["type=registry,ref=r/c:echo-linux-arm64-feature-x,mode=max"],
    ],
    ["gha", ["type=gha,scope=echo-linux-arm64"], ["type=gha,scope=echo-linux-arm64,mode=max"]],
    [
      "local",
      ["type=local,src=/ws/.cache/buildx/echo"],
      ["type=local,dest=/ws/.cache/buildx/echo,mode=max,compression=zstd,compression-level=1"],
    ],
  ] as const)(
    "a release shard scopes the %s cache by target and platform (a local folder is the runner's own)",
    (mode, cacheFrom, cacheTo) => {
      expect(
        cacheRefs({ ...config.cache, mode, ref: "r/c" }, "echo", "img", { ...scope, platform: "linux/arm64" }),
      ).toEqual({ cacheFrom, cacheTo });
    },
  );

  test("cache tags are valid registry tags", () => {
    expect(cacheTag("api", "feature/Üx y")).toBe("api-feature-x-y");
    expect(cacheTag("a", "b".repeat(300))).toHaveLength(128);
  });
});

describe("a release shard's cache", () => {
  const shard = (mode: "registry" | "gha" | "local") =>
    planBuild(
      input({
        config: { ...config, cache: { ...config.cache, mode } },
        cacheScope: { ...scope, platform: "linux/amd64" },
      }),
    ).targets;

  test.each(["registry", "gha"] as const)(
    "%s: the dependency is built from the base shard's cache but only that shard writes it",
    (mode) => {
      const [base, echo] = shard(mode);
      expect(base?.cacheFrom.join(" ")).toContain("python-agent-base-linux-amd64");
      expect(base?.cacheTo).toEqual([]);
      expect(echo?.cacheTo.join(" ")).toContain("echo-agent-linux-amd64");
    },
  );

  test.each(["load", "push"] as const)(
    "%s: the dependency carries the shard's own tag only (buildx exports it whatever its output)",
    (output) => {
      const [base, echo] = planBuild(input({ output, dependencyTag: "echo-agent.linux-amd64" })).targets;
      expect(base?.tags).toEqual(["reg.example:5000/team/python-agent-base:echo-agent.linux-amd64"]);
      expect(echo?.tags).toContain("reg.example:5000/team/echo-agent:1.2.3");
    },
  );

  test("local: the runner's own folder, so the dependency's cache is written too", () => {
    expect(shard("local")[0]?.cacheTo).toEqual([
      "type=local,dest=/ws/.cache/buildx/python-agent-base,mode=max,compression=zstd,compression-level=1",
    ]);
  });
});

test("bakeArgs reads bake.hcl then the override and asks for JSON progress", () => {
  expect(
    bakeArgs({ bakeFile: "bake.hcl", overrideFile: "/t/o.json", metadataFile: "/t/m.json", targets: ["a"] }),
  ).toEqual([
    "docker",
    "buildx",
    "bake",
    "-f",
    "bake.hcl",
    "-f",
    "/t/o.json",
    "--metadata-file",
    "/t/m.json",
    "--progress",
    "rawjson",
    "a",
  ]);
});

describe("targets that are not images", () => {
  const check = parseBakePrint(
    JSON.stringify({ target: { lint: { context: ".", output: ["type=cacheonly"], platforms: ["local"] } } }),
    "/ws",
  );

  test("inline cache needs an image, so a check gets none", () => {
    const lint = planBuild(
      input({
        definition: check,
        selection: ["lint"],
        config: { ...config, cache: { ...config.cache, mode: "inline" } },
      }),
    ).targets[0];
    expect([lint?.cacheFrom, lint?.cacheTo]).toEqual([[], []]);
  });

  test("a push never publishes a check, and computed tags and labels are left out", () => {
    const lint = planBuild(
      input({
        definition: check,
        selection: ["lint"],
        tagSets: { lint: { tags: ["r/lint:1"], labels: { a: "b" } } },
        platforms: ["linux/arm64"],
      }),
    ).targets[0];
    expect(lint).toMatchObject({
      kind: "check",
      tags: [],
      labels: {},
      output: ["type=cacheonly"],
      platforms: ["local"],
      attest: [],
      image: "",
    });
    expect(bakeOverride(planBuild(input({ definition: check, selection: ["lint"] }))).target.lint).toEqual({
      tags: [],
      platforms: ["local"],
      output: ["type=cacheonly"],
      contexts: { "python:3.12-slim-bookworm": "docker-image://127.0.0.1:5000/library/python:3.12-slim-bookworm" },
      "cache-from": ["type=local,src=/ws/.cache/buildx/lint"],
      "cache-to": ["type=local,dest=/ws/.cache/buildx/lint,mode=max,compression=zstd,compression-level=1"],
      secret: [],
    });
  });
});

test.each([
  [["type=sbom"], ["type=provenance,mode=max"], ["type=sbom", "type=provenance,mode=max"]],
  [["type=provenance,mode=min"], ["type=provenance,disabled=true"], ["type=provenance,mode=min"]],
  [[], ["type=provenance,mode=max", "type=sbom"], ["type=provenance,mode=max", "type=sbom"]],
])("mergeAttest(%j, %j): the file wins for the types it names", (fromFile, ours, merged) => {
  expect(mergeAttest(fromFile, ours)).toEqual(merged);
});

describe("one author per label", () => {
  const fromFile = {
    "org.opencontainers.image.title": "api-debian",
    "org.opencontainers.image.description": "The API (Debian)",
    "org.opencontainers.image.version": "dev",
  };
  const computed = {
    "org.opencontainers.image.title": "agent-images",
    "org.opencontainers.image.description": "the repository",
    "org.opencontainers.image.version": "1.2.3",
  };

  test("the bake file's title and description stand; the tag planner's build labels win", () => {
    expect(imageLabels(fromFile, computed)).toEqual({ ...fromFile, "org.opencontainers.image.version": "1.2.3" });
  });

  test("where the file has no title or description, the tag planner's fill in", () => {
    expect(imageLabels({}, computed)).toEqual(computed);
  });

  test("annotations say what the labels say, at every level", () => {
    const annotations = [
      "manifest:org.opencontainers.image.description=the repository",
      "index:org.opencontainers.image.version=1.2.3",
      "manifest-descriptor[linux/amd64]:org.opencontainers.image.title=agent-images",
    ];
    expect(imageAnnotations(fromFile, annotations)).toEqual([
      "manifest:org.opencontainers.image.description=The API (Debian)",
      "index:org.opencontainers.image.version=1.2.3",
      "manifest-descriptor[linux/amd64]:org.opencontainers.image.title=api-debian",
    ]);
  });
});
