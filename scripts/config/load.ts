// images.config.yaml → ImagesConfig, through the one validator: every problem with its file and line.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readEnvOverrides } from "./overrides.ts";
import { readYaml, type YamlInput } from "./read-yaml.ts";
import { configShape, type ConfigFile } from "./schema.ts";
import { defaultConfig, type ImagesConfig } from "./types.ts";

export const configFileName = "images.config.yaml";

const configInput: YamlInput = {
  what: "invalid config",
  noun: "config",
  hint: "See the config reference in README.md.",
  // A number or true where a string belongs is a mistake here, not yaml.v2's string.
  scalarsAsStrings: false,
};

/** Pure: YAML text → config with defaults. `file` only labels errors. */
export function parseConfig(text: string, file: string): ImagesConfig {
  return withDefaults(readYaml(text, file, configShape, configInput) as ConfigFile);
}

function withDefaults(data: ConfigFile): ImagesConfig {
  return {
    ...defaultConfig,
    ...data,
    cache: { ...defaultConfig.cache, ...data.cache },
    smoke: { ...defaultConfig.smoke, ...data.smoke },
    matrix: {
      ...defaultConfig.matrix,
      ...data.matrix,
      runners: { ...defaultConfig.matrix.runners, ...data.matrix?.runners },
    },
  };
}

/**
 * Env overrides (documented in README): IMAGES_REGISTRY, IMAGES_CACHE_MODE, IMAGES_PLATFORMS, IMAGES_MIRROR_MODE.
 * Checked as the config file is; one ConfigError lists every bad value.
 */
export function applyEnv(config: ImagesConfig, env: NodeJS.ProcessEnv): ImagesConfig {
  const overrides = readEnvOverrides(env);
  return {
    ...config,
    registry: overrides.registry ?? config.registry,
    cache: overrides.cacheMode ? { ...config.cache, mode: overrides.cacheMode } : config.cache,
    platforms: overrides.platforms ?? config.platforms,
    mirrorMode: overrides.mirrorMode ?? config.mirrorMode,
  };
}

/** Edge: read the workspace's config file if there is one. */
export function loadConfig(
  workspace: string,
  env: NodeJS.ProcessEnv = {},
  file = join(workspace, configFileName),
): ImagesConfig {
  if (!existsSync(file)) return applyEnv(defaultConfig, env);
  return applyEnv(parseConfig(readFileSync(file, "utf8"), file), env);
}
