import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseBakePrint, printArgs } from "../../../scripts/plan/definition.ts";

const print = readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8");

describe("parseBakePrint", () => {
  const definition = parseBakePrint(print, "/ws");

  test("resolves contexts and Dockerfiles to absolute paths", () => {
    expect(definition.targets["echo-agent"]).toMatchObject({ context: "/ws/agents/echo", dockerfile: "/ws/agents/echo/Dockerfile" });
  });

  test("keeps groups, tags, args, labels and named contexts", () => {
    expect(definition.groups.default).toEqual(["python-agent-base", "echo-agent", "notes-agent", "api"]);
    expect(definition.targets["notes-agent"]?.contexts).toEqual({ "127.0.0.1:5000/fixture/python-agent-base:dev": "target:python-agent-base" });
    expect(definition.targets.api?.args).toEqual({ DEBIAN_IMAGE: "debian:bookworm-slim" });
    expect(definition.targets.api?.labels).toEqual({ "org.opencontainers.image.vendor": "fixture" });
  });

  test.each([
    ["not json", /did not return JSON/],
    ["[1", /did not return JSON/],
  ])("rejects %j", (text, message) => {
    expect(() => parseBakePrint(text, "/ws")).toThrow(message);
  });

  test("drops null args and defaults the Dockerfile", () => {
    const parsed = parseBakePrint(JSON.stringify({ target: { a: { context: "x", args: { A: null, B: "1" } } } }), "/ws");
    expect(parsed.targets.a).toMatchObject({ dockerfile: "/ws/x/Dockerfile", args: { B: "1" }, tags: [], platforms: [] });
  });
});

test("printArgs is data", () => {
  expect(printArgs("bake.hcl", ["a", "b"])).toEqual(["docker", "buildx", "bake", "-f", "bake.hcl", "--print", "a", "b"]);
});
