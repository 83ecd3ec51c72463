// IMAGES_* overrides and build flags are checked like the config file: early, with what is valid.
import { describe, expect, test } from "vitest";
import { buildCommand } from "../../../scripts/bake/build-command.ts";
import { applyEnv } from "../../../scripts/config/load.ts";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { ConfigError, UsageError } from "../../../scripts/errors/errors.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { fakeContext } from "../fake-context.ts";

describe("environment overrides", () => {
  test.each([
    [
      { IMAGES_CACHE_MODE: "bogus" },
      new RegExp(
        String.raw`^invalid environment override: IMAGES_CACHE_MODE ` +
          String.raw`must be one of: local, registry, gha, inline, none \(got "bogus"\)$`,
      ),
    ],
    [{ IMAGES_MIRROR_MODE: "sometimes" }, /IMAGES_MIRROR_MODE must be one of: auto, on, off \(got "sometimes"\)/],
    [
      { IMAGES_PLATFORMS: "linux/amd64,banana" },
      /IMAGES_PLATFORMS\[1\] "banana" is not a platform: use os\/arch\[\/variant\]/,
    ],
    [{ IMAGES_PLATFORMS: "linux/amd64," }, /IMAGES_PLATFORMS\[1\] must not be empty/],
    [{ IMAGES_REGISTRY: "--insecure" }, /IMAGES_REGISTRY "--insecure" is not HOST\[:PORT\]\[\/NAMESPACE\]/],
  ])("%j is a configuration error", (env, message) => {
    expect(() => applyEnv(defaultConfig, env)).toThrow(message);
    expect(() => applyEnv(defaultConfig, env)).toThrow(ConfigError);
  });

  test("every bad value is listed at once", () => {
    expect(() => applyEnv(defaultConfig, { IMAGES_CACHE_MODE: "x", IMAGES_PLATFORMS: "y" })).toThrow(
      /^invalid environment overrides: IMAGES_CACHE_MODE .*\n {2}IMAGES_PLATFORMS\[0\] "y" is not a platform/,
    );
  });

  test("good values apply; empty ones count as unset", () => {
    const env = {
      IMAGES_REGISTRY: "ghcr.io/acme",
      IMAGES_CACHE_MODE: "none",
      IMAGES_PLATFORMS: "linux/amd64, linux/arm/v7",
      IMAGES_MIRROR_MODE: "",
    };
    const config = applyEnv(defaultConfig, env);
    expect([config.registry, config.cache.mode, config.platforms, config.mirrorMode]).toEqual([
      "ghcr.io/acme",
      "none",
      ["linux/amd64", "linux/arm/v7"],
      "auto",
    ]);
  });
});

describe("build flags", () => {
  const calls: string[][] = [];
  const exec: Exec = async (argv) => (calls.push([...argv]), { argv, exitCode: 1, stdout: "", stderr: "not expected" });
  const ctx = fakeContext("/nonexistent", exec);

  test.each([
    [{ platform: "banana" }, /--platform\[0\] "banana" is not a platform: use os\/arch\[\/variant\], comma-separated/],
    [{ platform: "linux/amd64,," }, /--platform\[1\] must not be empty; --platform\[2\] must not be empty/],
    [{ registry: "--privileged" }, /"--privileged" is not a registry location/],
  ])("%j is a usage error before anything runs", async (values, message) => {
    await expect(buildCommand.run(ctx, { progress: "auto", ...values }, ["api"])).rejects.toThrow(message);
    await expect(buildCommand.run(ctx, { progress: "auto", ...values }, ["api"])).rejects.toThrow(UsageError);
    expect(calls).toEqual([]);
  });
});
