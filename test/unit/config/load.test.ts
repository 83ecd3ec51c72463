import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { applyEnv, parseConfig } from "../../../scripts/config/load.ts";
import { defaultConfig } from "../../../scripts/config/types.ts";

describe("images.config.yaml", () => {
  test("the fixture workspace's config parses with defaults filled in", () => {
    const config = parseConfig(readFileSync("test/fixtures/workspace/images.config.yaml", "utf8"), "images.config.yaml");
    expect(config.registry).toBe("127.0.0.1:5000/fixture");
    expect(config.cache).toEqual({ ...defaultConfig.cache, mode: "local" });
    expect(config.smoke).toEqual({ parallel: 2, healthTimeoutSeconds: 30 });
    expect(config.tags).toEqual(["type=ref,event=branch", "type=ref,event=pr", "type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}", "type=sha"]);
  });

  test("the repository's own config parses", () => {
    expect(() => parseConfig(readFileSync("images.config.yaml", "utf8"), "images.config.yaml")).not.toThrow();
  });

  test.each([
    ["registry: x\ncache:\n  mode: nope\n", 3, /cache\.mode must be equal to one of the allowed values/],
    ["registry: x\nsmoke:\n  paralel: 2\n", 3, /smoke\.paralel is not a known setting/],
    ["registry: x\nplatforms:\n  - linux/amd64\n  - Linux\n", 4, /platforms\.1 must match pattern/],
    ["registry: [\n", 2, /./],
    ["cache: {mode: registry}\nsmoke: {parallel: 0}\n", 2, /smoke\.parallel must be >= 1/],
  ])("%j is an error at line %i", (text, line, message) => {
    expect(() => parseConfig(text, "c.yaml")).toThrow(expect.objectContaining({ file: "c.yaml", line, message: expect.stringMatching(message) }));
  });

  test("env overrides the file", () => {
    const config = applyEnv(defaultConfig, { IMAGES_REGISTRY: "r:1/ns", IMAGES_CACHE_MODE: "gha", IMAGES_PLATFORMS: "linux/amd64, linux/arm64", IMAGES_MIRROR_MODE: "off" });
    expect([config.registry, config.cache.mode, config.platforms, config.mirrorMode]).toEqual(["r:1/ns", "gha", ["linux/amd64", "linux/arm64"], "off"]);
  });
});
