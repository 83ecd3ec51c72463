import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { applyEnv, parseConfig } from "../../../scripts/config/load.ts";
import { defaultConfig } from "../../../scripts/config/types.ts";

describe("images.config.yaml", () => {
  test("the fixture workspace's config parses with defaults filled in", () => {
    const config = parseConfig(
      readFileSync("test/fixtures/workspace/images.config.yaml", "utf8"),
      "images.config.yaml",
    );
    expect(config.registry).toBe("127.0.0.1:5000/fixture");
    expect(config.cache).toEqual({ ...defaultConfig.cache, mode: "local" });
    expect(config.smoke).toEqual({ parallel: 2, healthTimeoutSeconds: 30 });
    expect(config.tags).toEqual([
      "type=ref,event=branch",
      "type=ref,event=pr",
      "type=semver,pattern={{version}}",
      "type=semver,pattern={{major}}.{{minor}}",
      "type=semver,pattern={{major}}",
      "type=sha",
    ]);
  });

  test("the repository's own config parses", () => {
    expect(() => parseConfig(readFileSync("images.config.yaml", "utf8"), "images.config.yaml")).not.toThrow();
  });

  test.each([
    [
      "registry: x\ncache:\n  mode: nope\n",
      3,
      /^invalid config: cache\.mode must be one of: local, registry, gha, inline, none \(got "nope"\)$/,
    ],
    [
      "registry: x\nsmoke:\n  paralel: 2\n",
      3,
      /^invalid config: smoke\.paralel is not a known field \(expected one of: parallel, healthTimeoutSeconds\)$/,
    ],
    [
      "registry: x\nplatforms:\n  - linux/amd64\n  - Linux\n",
      4,
      /^invalid config: platforms\[1\] "Linux" is not a platform: use os\/arch/,
    ],
    ["registry: [\n", 2, /^invalid config: Flow sequence in block collection/],
    ["cache: {mode: registry}\nsmoke: {parallel: 0}\n", 2, /^invalid config: smoke\.parallel must be at least 1$/],
    ["registry: 5000\n", 1, /^invalid config: registry must be a string$/],
    ["bakeFile: ''\n", 1, /^invalid config: bakeFile must not be empty$/],
    ["needs:\n  api: [ftp://x/]\n", 2, /^invalid config: needs\.api\[0\] "ftp:\/\/x\/" is not an http\(s\) URL$/],
  ])("%j is an error at line %i", (text, line, message) => {
    expect(() => parseConfig(text, "c.yaml")).toThrow(
      expect.objectContaining({ file: "c.yaml", line, message: expect.stringMatching(message) }),
    );
  });

  test("every problem is reported at once, each with its file and line", () => {
    const text = readFileSync("test/fixtures/config/many-problems.yaml", "utf8");
    const expected = readFileSync("test/fixtures/config/many-problems.expected.txt", "utf8").trimEnd();
    expect(() => parseConfig(text, "many-problems.yaml")).toThrow(
      expect.objectContaining({ line: 3, message: expected }),
    );
  });

  test("an empty file is the defaults", () => {
    expect(parseConfig("# nothing yet\n", "c.yaml")).toEqual(defaultConfig);
  });

  test("env overrides the file", () => {
    const config = applyEnv(defaultConfig, {
      IMAGES_REGISTRY: "r:1/ns",
      IMAGES_CACHE_MODE: "gha",
      IMAGES_PLATFORMS: "linux/amd64, linux/arm64",
      IMAGES_MIRROR_MODE: "off",
    });
    expect([config.registry, config.cache.mode, config.platforms, config.mirrorMode]).toEqual([
      "r:1/ns",
      "gha",
      ["linux/amd64", "linux/arm64"],
      "off",
    ]);
  });
});
