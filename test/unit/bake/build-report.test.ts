import { describe, expect, test } from "vitest";
import { inputHashOf } from "../../../scripts/bake/built-state.ts";
import { hostCaFile } from "../../../scripts/read/environment.ts";
import { cacheBranch, perImageLabels, tagSets } from "../../../scripts/tags/tag-sets.ts";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { projectFlavor, projectTags } from "../tags/project-rules.ts";
import { formatBuildTable, formatSize, type BuildReport } from "../../../scripts/report/build-report.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";

const report: BuildReport = {
  schemaVersion: 1,
  targets: [
    {
      target: "python-agent-base",
      image: "r/base",
      status: "built",
      tags: ["r/base:main"],
      digest: `sha256:${"a".repeat(64)}`,
      size: 195_000_000,
      durationMs: 5000,
      cachedSteps: 4,
      totalSteps: 4,
      reason: "built as a dependency",
      pushed: false,
    },
    {
      target: "echo-agent",
      image: "r/echo",
      status: "skipped",
      tags: [],
      durationMs: 0,
      cachedSteps: 0,
      totalSteps: 0,
      reason: "unchanged",
      pushed: false,
    },
  ],
};

describe("build report", () => {
  test("the table has one row per target and the reasons below", () => {
    expect(formatBuildTable(report).split("\n")).toEqual([
      "TARGET             STATUS   CACHED  DURATION  SIZE    DIGEST               TAGS",
      "python-agent-base  built    4/4     5.0s      195 MB  sha256:aaaaaaaaaaaa  r/base:main",
      "echo-agent         skipped  0/0     0.0s      -       -                    -",
      "",
      "  python-agent-base: built as a dependency",
      "  echo-agent: unchanged",
    ]);
  });

  test("a check or files target shows what it did where an image shows its tags", () => {
    const others: BuildReport = {
      schemaVersion: 1,
      targets: [
        {
          target: "lint",
          kind: "check",
          image: "",
          status: "built",
          outcome: "check passed",
          tags: [],
          durationMs: 1200,
          cachedSteps: 1,
          totalSteps: 2,
          pushed: false,
        },
        {
          target: "binaries",
          kind: "files",
          image: "",
          status: "built",
          outcome: "files written to ./bin/build",
          tags: [],
          durationMs: 800,
          cachedSteps: 2,
          totalSteps: 2,
          pushed: false,
        },
      ],
    };
    expect(formatBuildTable(others).split("\n").slice(1)).toEqual([
      "lint      built   1/2     1.2s      -     -       (check passed)",
      "binaries  built   2/2     0.8s      -     -       (files written to ./bin/build)",
    ]);
  });

  test.each([
    [512, "1 kB"],
    [158_150_582, "158 MB"],
    [2_500_000_000, "2.50 GB"],
  ])("formatSize(%i) = %s", (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe("tags per target", () => {
  const context: GitContext = {
    eventName: "push",
    ref: "refs/tags/v1.2.3",
    sha: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
    notes: [],
  };

  test("every target gets its own image's tags", () => {
    const sets = tagSets(
      ["chat-agent", "api"],
      {
        ...defaultConfig,
        tags: [...projectTags],
        flavor: [...projectFlavor],
        registry: "ghcr.io/acme",
        images: { api: "agent-api" },
      },
      context,
      { now: new Date("2026-01-01T00:00:00Z"), shortShaLength: undefined, annotationLevels: undefined },
    );
    expect(sets["chat-agent"]?.tags).toEqual([
      "ghcr.io/acme/chat-agent:1.2.3",
      "ghcr.io/acme/chat-agent:1.2",
      "ghcr.io/acme/chat-agent:1",
      "ghcr.io/acme/chat-agent:sha-9a8b7c6",
      "ghcr.io/acme/chat-agent:latest",
    ]);
    expect(sets.api?.tags[0]).toBe("ghcr.io/acme/agent-api:1.2.3");
    expect(sets.api?.labels["org.opencontainers.image.version"]).toBe("1.2.3");
  });

  test.each([
    [{ ref: "refs/heads/feature/x" }, "feature/x"],
    [{ ref: "refs/tags/v1.0.0" }, "v1.0.0"],
    [{ ref: "refs/pull/7/merge", prNumber: 7 }, "pr-7"],
    [{ ref: "" }, "local"],
  ])("cacheBranch(%j) = %s", (partial, branch) => {
    expect(cacheBranch({ ...context, ...partial })).toBe(branch);
  });
});

test("the host CA comes from the env first, and a missing file is not used", () => {
  expect(hostCaFile({ IMAGES_HOST_CA: "/nonexistent.pem", NODE_EXTRA_CA_CERTS: "package.json" })).toBe("package.json");
});

test("per-image labels: the image's title, and no empty values over the Dockerfile's", () => {
  expect(
    perImageLabels(
      {
        "org.opencontainers.image.title": "repo",
        "org.opencontainers.image.description": "",
        "org.opencontainers.image.version": "1.0.0",
      },
      "chat-agent",
    ),
  ).toEqual({
    "org.opencontainers.image.title": "chat-agent",
    "org.opencontainers.image.version": "1.0.0",
  });
});

describe("input hash label of an existing image", () => {
  const label = "dev.images.input-hash";
  test.each([
    ["local labels", { [label]: "abc" }, false, "abc"],
    ["local without labels", null, false, undefined],
    ["remote single platform", { config: { Labels: { [label]: "abc" } } }, true, "abc"],
    [
      "remote multi platform",
      {
        "linux/amd64": { config: { Labels: { [label]: "abc" } } },
        "linux/arm64": { config: { Labels: { [label]: "abc" } } },
      },
      true,
      "abc",
    ],
    ["remote without labels", { config: { Labels: null } }, true, undefined],
  ])("%s", (_, data, remote, hash) => {
    expect(inputHashOf(data, remote)).toBe(hash);
  });
});
