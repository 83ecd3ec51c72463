import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseBakePrint, printArgs } from "../../../scripts/read/definition.ts";

const print = readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8");

describe("parseBakePrint", () => {
  const definition = parseBakePrint(print, "/ws");

  test("resolves contexts and Dockerfiles to absolute paths", () => {
    expect(definition.targets["echo-agent"]).toMatchObject({
      context: "/ws/agents/echo",
      dockerfile: "/ws/agents/echo/Dockerfile",
    });
  });

  test("keeps groups, tags, args, labels and named contexts", () => {
    expect(definition.groups.default).toEqual(["python-agent-base", "echo-agent", "notes-agent", "api"]);
    expect(definition.targets["notes-agent"]?.contexts).toEqual({
      "127.0.0.1:5000/fixture/python-agent-base:dev": "target:python-agent-base",
    });
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
    const parsed = parseBakePrint(
      JSON.stringify({ target: { a: { context: "x", args: { A: null, B: "1" } } } }),
      "/ws",
    );
    expect(parsed.targets.a).toMatchObject({
      dockerfile: "/ws/x/Dockerfile",
      args: { B: "1" },
      tags: [],
      platforms: [],
    });
  });
});

test("printArgs is data", () => {
  expect(printArgs("bake.hcl", ["a", "b"])).toEqual([
    "docker",
    "buildx",
    "bake",
    "-f",
    "bake.hcl",
    "--print",
    "a",
    "b",
  ]);
});

describe("attributes beyond the ones we plan", () => {
  const mixed = parseBakePrint(readFileSync("test/fixtures/bake/mixed-images/bake.print.json", "utf8"), "/ws");

  test("declared outputs, cache, secrets and attestations are read as written", () => {
    expect(mixed.targets["docs-site"]).toMatchObject({
      output: ["type=tar,dest=dist/docs-site.tar"],
      secrets: ["id=npm_token,env=NPM_TOKEN"],
    });
    expect(mixed.targets.web).toMatchObject({
      cacheFrom: ["type=gha,scope=web"],
      cacheTo: ["type=gha,scope=web,mode=max"],
      attest: ["type=provenance,mode=min", "type=sbom"],
    });
  });

  test("what we never write is kept under --print's names", () => {
    expect(mixed.targets["web-debug"]?.kept).toEqual({
      annotations: ["index,manifest:org.opencontainers.image.description=the web app"],
      pull: true,
      "no-cache": true,
      "no-cache-filter": ["deps"],
      "shm-size": "256m",
      ulimits: ["nofile=4096:4096"],
    });
  });

  // Later buildx versions print these lists as objects; both shapes give the same strings.
  test("object-shaped entries become the CSV buildx accepts", () => {
    const raw = {
      target: {
        a: {
          output: [{ type: "local", dest: "./bin" }],
          secret: [{ id: "tok", env: "TOKEN" }],
          ssh: [{ id: "default" }],
          "cache-to": [{ mode: "max", type: "gha", scope: "a,b" }],
        },
      },
    };
    const target = parseBakePrint(JSON.stringify(raw), "/ws").targets.a;
    expect(target).toMatchObject({
      output: ["type=local,dest=./bin"],
      secrets: ["id=tok,env=TOKEN"],
      cacheTo: ['type=gha,mode=max,"scope=a,b"'],
      kept: { ssh: ["id=default"] },
    });
  });

  test("a remote context stays a URL", () => {
    const raw = { target: { a: { context: "https://github.com/acme/app.git#main", dockerfile: "Dockerfile" } } };
    expect(parseBakePrint(JSON.stringify(raw), "/ws").targets.a).toMatchObject({
      context: "https://github.com/acme/app.git#main",
      dockerfile: "/ws/Dockerfile",
    });
  });
});
