// `docker --debug buildx inspect` outputs (captured here, or written in buildx 0.13's format for the
// drivers this machine cannot run) → builder facts → capabilities → the path a build takes.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { EngineError } from "../../../scripts/errors/errors.ts";
import { chooseBuilderPath, type PathRequest } from "../../../scripts/plan/builder-path.ts";
import {
  builderCapabilities,
  inspectArgv,
  parseBuilderInspect,
  withBuilder,
} from "../../../scripts/toolchain/builder.ts";
import type { Exec, ExecOptions } from "../../../scripts/process/exec.ts";

const inspect = (name: string): string => readFileSync(`test/fixtures/buildx/inspect-${name}.txt`, "utf8");
const capabilities = (name: string) => builderCapabilities(parseBuilderInspect(inspect(name)));

describe("parseBuilderInspect", () => {
  test("the docker driver on this machine, with --debug: one node and buildx's features", () => {
    expect(parseBuilderInspect(inspect("docker"))).toEqual({
      name: "default",
      driver: "docker",
      nodes: [
        {
          name: "default",
          endpoint: "default",
          status: "running",
          platforms: ["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/amd64/v4", "linux/arm64"],
          features: {
            "Cache export": true,
            "Docker exporter": true,
            "Multi-platform build": true,
            "OCI exporter": true,
          },
        },
      ],
    });
  });

  test("a Kubernetes builder with an amd64 and an arm64 node (platforms set by hand, marked *)", () => {
    const facts = parseBuilderInspect(inspect("kubernetes"));
    expect(facts.driver).toBe("kubernetes");
    expect(facts.nodes.map((node) => [node.name, node.endpoint, node.platforms])).toEqual([
      ["k8s-builder-amd64", "kubernetes:///k8s-builder?deployment=k8s-builder-amd64&kubeconfig=", ["linux/amd64"]],
      ["k8s-builder-arm64", "kubernetes:///k8s-builder?deployment=k8s-builder-arm64&kubeconfig=", ["linux/arm64"]],
    ]);
  });

  test("a node that does not answer carries buildx's error instead of a status", () => {
    const [node] = parseBuilderInspect(inspect("remote-unreachable")).nodes;
    expect(node?.status).toBe("error");
    expect(node?.error).toMatch(/^failed to list workers: .*connection refused"$/);
  });
});

describe("builderCapabilities", () => {
  test.each([
    // name, push by digest, cache export, multi-platform, load, source, platforms
    ["docker", false, true, true, true, "buildx", 5],
    ["docker-nodebug", false, false, false, true, "driver", 5],
    ["docker-classic-store", false, false, false, true, "buildx", 4],
    ["docker-container", true, true, true, true, "buildx", 5],
    ["docker-container-inactive", true, true, true, true, "driver", 0],
    ["remote", true, true, true, true, "buildx", 3],
    ["kubernetes", true, true, true, true, "buildx", 2],
  ] as const)("%s", (name, pushByDigest, cacheExport, multiPlatform, load, source, platforms) => {
    const found = capabilities(name);
    expect({
      pushByDigest: found.pushByDigest,
      cacheExport: found.cacheExport,
      multiPlatform: found.multiPlatform,
      load: found.load,
      source: found.source,
      platforms: found.platforms.length,
      errors: found.errors,
    }).toEqual({
      pushByDigest,
      cacheExport,
      multiPlatform,
      load,
      source,
      platforms,
      errors: [],
    });
  });

  test("an unreachable node is reported with its name", () => {
    expect(capabilities("remote-unreachable").errors).toEqual([
      expect.stringMatching(/^remote-arm640: failed to list workers/),
    ]);
  });
});

describe("chooseBuilderPath", () => {
  const request: PathRequest = { platforms: ["linux/amd64"], cacheMode: "registry", load: true };

  test.each([
    ["docker", "tags", undefined],
    ["docker-classic-store", "tags", "none"],
    ["docker-container", "digest", undefined],
    ["docker-container-inactive", "digest", undefined],
    ["remote", "digest", undefined],
    ["kubernetes", "digest", undefined],
  ] as const)("%s pushes by %s; cache mode override %s", (name, push, cacheMode) => {
    const path = chooseBuilderPath(capabilities(name), request);
    expect([path.push, path.cacheMode]).toEqual([push, cacheMode]);
  });

  test("the docker driver keeps staging tags and says why", () => {
    expect(chooseBuilderPath(capabilities("docker"), request).pushNote).toMatch(
      /staging tags \(the docker driver cannot push by digest\)/,
    );
  });

  test("a cache the builder cannot export is turned off, with a note; inline cache is kept", () => {
    expect(chooseBuilderPath(capabilities("docker-classic-store"), request).notes.join("\n")).toMatch(
      /registry cache export is not supported by this builder, so the cache is off/,
    );
    expect(
      chooseBuilderPath(capabilities("docker-classic-store"), { ...request, cacheMode: "inline" }).cacheMode,
    ).toBeUndefined();
  });

  test.each([
    [
      "docker-classic-store",
      { platforms: ["linux/amd64", "linux/arm64"] },
      /cannot build linux\/amd64, linux\/arm64 in one build/,
    ],
    ["remote-unreachable", {}, /builder remote-arm64 cannot be used: remote-arm640: failed to list workers/],
  ])("%s cannot serve %j: an engine error that says what to do", (name, extra, message) => {
    expect(() => chooseBuilderPath(capabilities(name), { ...request, ...extra })).toThrow(message);
    expect(() => chooseBuilderPath(capabilities(name), { ...request, ...extra })).toThrow(EngineError);
  });
});

test("inspect asks buildx for its features", () => {
  expect(inspectArgv("k8s-builder")).toEqual(["docker", "--debug", "buildx", "inspect", "k8s-builder"]);
});

test("withBuilder points every call at the builder through BUILDX_BUILDER, keeping the call's own env", async () => {
  const seen: (ExecOptions | undefined)[] = [];
  const exec: Exec = async (argv, options) => (seen.push(options), { argv, exitCode: 0, stdout: "", stderr: "" });
  await withBuilder(exec, "k8s-builder")(["docker", "buildx", "bake"], { env: { A: "1" }, cwd: "/ws" });
  expect(seen[0]).toEqual({ env: { A: "1", BUILDX_BUILDER: "k8s-builder" }, cwd: "/ws" });
});
