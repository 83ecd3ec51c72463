import { describe, expect, it } from "vitest";
import { UsageError } from "../../../scripts/errors/errors.ts";
import { parseImageOverrides, selectSmokeItems } from "../../../scripts/smoke/targets.ts";
import type { BakeDefinition, BakeTarget } from "../../../scripts/types/bake.ts";

const target = (name: string, folder: string, tags: string[] = [`reg/${name}:dev`]): BakeTarget => ({
  name,
  context: `/ws/${folder}`,
  dockerfile: `/ws/${folder}/Dockerfile`,
  tags,
  args: {},
  labels: {},
  contexts: {},
  platforms: [],
  secrets: [],
  output: [],
  cacheFrom: [],
  cacheTo: [],
  attest: [],
  kept: {},
});
const definition: BakeDefinition = {
  groups: { default: ["base", "echo", "docs"], agents: ["echo"] },
  targets: {
    base: target("base", "base"),
    echo: target("echo", "agents/echo"),
    docs: target("docs", "docs"),
    bare: target("bare", "bare", []),
  },
};
const specs = new Set(["/ws/base/smoke.yaml", "/ws/agents/echo/smoke.yaml", "/ws/bare/smoke.yaml"]);
const hasFile = (path: string): boolean => specs.has(path);

describe("selectSmokeItems", () => {
  it("takes every target with a spec by default and reports the rest as no spec", () => {
    const selection = selectSmokeItems(
      {
        ...definition,
        targets: { base: target("base", "base"), echo: target("echo", "agents/echo"), docs: target("docs", "docs") },
      },
      [],
      {},
      hasFile,
    );
    expect(selection).toEqual({
      items: [
        { target: "base", image: "reg/base:dev", specFile: "/ws/base/smoke.yaml" },
        { target: "echo", image: "reg/echo:dev", specFile: "/ws/agents/echo/smoke.yaml" },
      ],
      noSpec: ["docs"],
    });
  });

  it("expands groups and applies --image overrides", () => {
    expect(selectSmokeItems(definition, ["agents"], { echo: "local/echo:test" }, hasFile).items).toEqual([
      { target: "echo", image: "local/echo:test", specFile: "/ws/agents/echo/smoke.yaml" },
    ]);
  });

  it.each([
    [["nope"], {}, /unknown target "nope"/],
    [["bare"], {}, /has no tags/],
    [["base"], { echo: "x" }, /not selected/],
  ])("rejects %j %j", (requested, overrides, message) => {
    expect(() => selectSmokeItems(definition, requested, overrides, hasFile)).toThrow(message);
  });
});

describe("parseImageOverrides", () => {
  const digest = `sha256:${"ab".repeat(32)}`;

  it("splits at the first = and takes any image reference docker takes", () => {
    const flags = [
      "z=reg/api:1.0",
      "a=127.0.0.1:5000/images/api:pr-12",
      `b=ghcr.io/acme/api@${digest}`,
      "c=84dcff6db32f",
      `d=${digest}`,
      "e=[::1]:5000/x_y/z:v1.2",
    ];
    expect(Object.values(parseImageOverrides(flags))).toEqual(flags.map((flag) => flag.slice(2)));
  });

  it.each(["api", "=ref", "api=", "x=a=b"])("rejects %s", (flag) => {
    expect(() => parseImageOverrides([flag])).toThrow(UsageError);
  });

  it.each(["api=--privileged", "api=-v/:/host", "api=Upper/Case", "api=a b", "api=reg/api:"])(
    "refuses %s: never passed to docker, where it could read as a flag",
    (flag) => {
      expect(() => parseImageOverrides([flag])).toThrow(/is not an image reference/);
    },
  );
});
