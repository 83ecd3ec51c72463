// Bake files shaped like real ones (test/fixtures/bake/<name>/docker-bake.hcl, their `--print`
// captured with buildx 0.13.1) and the plan and override we expect for each (load.expected.json).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { planFixture, type PlannedFixture } from "./plan-fixture.ts";

const corpus = "test/fixtures/bake";
const selections: Record<string, string[]> = {
  "go-project": [
    "default",
    "validate",
    "release",
    "image",
    "image-local",
    "update-docs",
    "update-vendor",
    "test",
    "mod-outdated",
  ],
  "mixed-images": [],
  "matrix-functions": [],
};
const planned = (name: string, selection = selections[name] ?? [], output: "load" | "push" = "load"): PlannedFixture =>
  planFixture(`${corpus}/${name}/bake.print.json`, defaultConfig, output, selection);
const printed = (name: string) => parseBakePrint(readFileSync(`${corpus}/${name}/bake.print.json`, "utf8"), "/ws");

describe.each(Object.keys(selections))("%s", (name) => {
  test("plan and override match the expected pair", () => {
    const expected = JSON.parse(readFileSync(`${corpus}/${name}/load.expected.json`, "utf8")) as unknown;
    expect(JSON.parse(JSON.stringify(planned(name)))).toEqual(expected);
  });

  test.each(["load", "push"] as const)(
    "%s: every target that is not an image keeps its declared output and gets no tags",
    (output) => {
      const { plan, override } = planned(name, undefined, output);
      const definition = printed(name);
      const others = plan.targets.filter((t) => t.kind !== "image");
      expect(others.length).toBeGreaterThan(0);
      for (const t of others) {
        expect(t.output).toEqual(definition.targets[t.name]?.output);
        expect(t.tags).toEqual(definition.targets[t.name]?.tags);
        expect(t.labels).toEqual(definition.targets[t.name]?.labels);
        // Written back as declared, so that a parent image's override cannot reach it through `inherits`.
        expect(override.target[t.name]).toMatchObject({ tags: t.tags, output: t.output, platforms: t.platforms });
        expect(override.target[t.name]).not.toHaveProperty("labels");
      }
    },
  );

  test("nothing we do not own is ever written to the override", () => {
    const owned = [
      "tags",
      "args",
      "labels",
      "contexts",
      "cache-from",
      "cache-to",
      "platforms",
      "secret",
      "output",
      "attest",
    ];
    for (const target of Object.values(planned(name).override.target))
      expect(Object.keys(target).filter((key) => !owned.includes(key))).toEqual([]);
  });
});

describe("go project", () => {
  const byName = Object.fromEntries(planned("go-project").plan.targets.map((t) => [t.name, t]));

  test("checks, binaries and docs are what their outputs say", () => {
    expect(
      ["lint", "lint-gopls", "validate-vendor", "validate-docs", "validate-generated-files", "mod-outdated"].map(
        (n) => byName[n]?.kind,
      ),
    ).toEqual(Array(6).fill("check"));
    expect(byName.binaries).toMatchObject({
      kind: "files",
      output: ["./bin/build"],
      outcome: "files written to ./bin/build",
      platforms: ["local"],
      image: "",
    });
    expect(byName["update-docs"]).toMatchObject({ kind: "files", output: ["./docs/reference"], tags: [] });
    expect(byName.release?.platforms).toHaveLength(6);
  });

  test("image targets are still ours: computed tags, load output", () => {
    expect(byName.image).toMatchObject({
      kind: "image",
      output: ["type=docker,compression=zstd,compression-level=1"],
      platforms: ["local"],
    });
    expect(byName.image?.tags).toContain("127.0.0.1:5000/images/image:main");
  });

  test("the file's secret is kept beside our CA, and the plan says which is which", () => {
    expect(byName["mod-outdated"]?.secrets).toEqual([
      "id=GITHUB_TOKEN,env=GITHUB_TOKEN",
      "id=host_ca,src=/etc/ssl/certs/ca-certificates.crt",
    ]);
    expect(byName["mod-outdated"]?.declared.secrets).toEqual(["id=GITHUB_TOKEN,env=GITHUB_TOKEN"]);
    expect(byName["mod-outdated"]?.kept).toEqual({ "no-cache-filter": ["outdated"] });
  });

  test("the configured platforms never replace what a target declares", () => {
    const definition = printed("go-project");
    const { plan } = planFixture(
      `${corpus}/go-project/bake.print.json`,
      { ...defaultConfig, platforms: ["linux/s390x"] },
      "push",
      ["binaries", "image"],
    );
    expect(plan.targets.map((t) => [t.name, t.platforms])).toEqual([
      ["binaries", definition.targets.binaries?.platforms],
      ["image", ["local"]],
    ]);
  });
});

describe("mixed images", () => {
  const byName = Object.fromEntries(planned("mixed-images").plan.targets.map((t) => [t.name, t]));

  test("a five-level inherits chain keeps every attribute", () => {
    expect(byName["web-debug"]).toMatchObject({
      platforms: ["local"],
      attest: ["type=provenance,mode=min", "type=sbom"],
      kept: { "no-cache": true, "shm-size": "256m" },
    });
  });

  test("the file's cache stays first and ours is added", () => {
    expect(byName.web?.cacheTo).toEqual([
      "type=gha,scope=web,mode=max",
      "type=local,dest=/ws/.cache/buildx/web,mode=max,compression=zstd,compression-level=1",
    ]);
    expect(byName.web?.declared.cacheTo).toEqual(["type=gha,scope=web,mode=max"]);
  });

  test("a pushed image keeps the file's attestations and gets ours only for other types", () => {
    const web = planned("mixed-images", ["web"], "push").plan.targets[0];
    expect(web?.attest).toEqual(["type=provenance,mode=min", "type=sbom"]);
  });

  test("tarball and OCI layout targets are files", () => {
    expect([byName["docs-site"]?.outcome, byName["bundle-oci"]?.outcome]).toEqual([
      "tarball written to dist/docs-site.tar",
      "OCI layout tarball written to dist/bundle.oci.tar",
    ]);
  });
});

describe("matrix and functions", () => {
  test("matrix groups select their generated targets, with their dependencies", () => {
    expect(planned("matrix-functions", ["check"]).plan.targets.map((t) => t.name)).toEqual([
      "check-mypy",
      "check-ruff",
      "check-shellcheck",
    ]);
    expect(planned("matrix-functions", ["runtime-3-12"]).plan.targets.map((t) => [t.name, t.requested])).toEqual([
      ["base", false],
      ["runtime-3-12", true],
    ]);
  });

  test("templated outputs and platforms come through per generated target", () => {
    const arm = planned("matrix-functions", ["artifacts-linux-arm64"]).plan.targets[0];
    expect(arm).toMatchObject({
      kind: "files",
      platforms: ["linux/arm64"],
      output: ["type=local,dest=./out/wheels/linux-arm64"],
    });
  });
});
