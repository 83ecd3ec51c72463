// IMAGES_* environment overrides and the flags that override the config, checked by the same validator
// and field shapes as images.config.yaml, so a typo fails early with what is valid instead of
// surfacing later as the wrong diagnosis ("QEMU missing") or a crash. Pure.
import { problemsError } from "./read-yaml.ts";
import { cacheModeShape, mirrorModeShape, platformShape, registryShape } from "./schema.ts";
import { checkText, type Problem, type Shape } from "./shape.ts";
import type { CacheMode, MirrorMode } from "./types.ts";

/** Each variable and the shape its value must have (a list: comma-separated). */
export const envShapes = {
  IMAGES_REGISTRY: registryShape,
  IMAGES_CACHE_MODE: cacheModeShape,
  IMAGES_MIRROR_MODE: mirrorModeShape,
  IMAGES_PLATFORMS: { kind: "list", of: platformShape },
} as const satisfies Record<string, Shape>;

export interface EnvOverrides {
  registry?: string;
  cacheMode?: CacheMode;
  mirrorMode?: MirrorMode;
  platforms?: string[];
}

/**
 * The overrides that are set (empty values count as unset), or one ConfigError listing every bad
 * value with what is valid.
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverrides {
  const problems: Problem[] = [];
  const value = <T>(name: keyof typeof envShapes): T | undefined => {
    const text = env[name];
    if (!text) return undefined;
    const checked = checkText(text, envShapes[name], name);
    problems.push(...checked.problems);
    return checked.value as T;
  };
  const overrides: EnvOverrides = {
    ...defined("registry", value<string>("IMAGES_REGISTRY")),
    ...defined("cacheMode", value<CacheMode>("IMAGES_CACHE_MODE")),
    ...defined("mirrorMode", value<MirrorMode>("IMAGES_MIRROR_MODE")),
    ...defined("platforms", value<string[]>("IMAGES_PLATFORMS")),
  };
  if (problems.length === 0) return overrides;
  const what = `invalid environment override${problems.length > 1 ? "s" : ""}`;
  throw problemsError({ what, noun: "value" }, problems, {
    hint: "Fix or unset the variable; README.md lists what each one takes.",
  });
}

function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** --platform LIST, checked like IMAGES_PLATFORMS: the platforms, or the problems (one line each). */
export function checkPlatformList(value: string, label: string): { platforms: string[]; problems: string[] } {
  const { value: platforms, problems } = checkText(value, envShapes.IMAGES_PLATFORMS, label);
  return {
    platforms: (platforms as string[] | undefined) ?? [],
    problems: problems.map((p) => `${p.path} ${p.message}`),
  };
}
