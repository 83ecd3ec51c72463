// IMAGES_* environment overrides and the flags that override the config, checked against the same
// patterns and enums as images.config.yaml, so a typo fails early with what is valid instead of
// surfacing later as the wrong diagnosis ("QEMU missing") or a crash. Pure.
import { cacheModes, mirrorModes, platformPattern, registryPattern } from "./schema.ts";

export const platformForms = "os/arch[/variant], comma-separated, e.g. linux/amd64,linux/arm64 or linux/arm/v7";

/** Every problem with the env overrides, one line each (empty values count as unset). */
export function envProblems(env: NodeJS.ProcessEnv): string[] {
  const checks: [string, (value: string) => string | undefined][] = [
    ["IMAGES_REGISTRY", registryProblem],
    ["IMAGES_CACHE_MODE", (value) => oneOfProblem(value, cacheModes)],
    ["IMAGES_MIRROR_MODE", (value) => oneOfProblem(value, mirrorModes)],
    ["IMAGES_PLATFORMS", platformListProblem],
  ];
  return checks.flatMap(([name, check]) => {
    const value = env[name];
    const problem = value ? check(value) : undefined;
    return problem ? [`${name} ${problem}`] : [];
  });
}

export function registryProblem(value: string): string | undefined {
  return new RegExp(registryPattern).test(value)
    ? undefined
    : `"${value}" is not HOST[:PORT][/NAMESPACE] (e.g. ghcr.io/acme or 127.0.0.1:5000/images)`;
}

export function oneOfProblem(value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value) ? undefined : `must be one of ${allowed.join(", ")}, got "${value}"`;
}

/** A comma-separated platform list, as IMAGES_PLATFORMS and --platform take it. */
export function splitPlatforms(value: string): string[] {
  return value.split(",").map((platform) => platform.trim());
}

export function platformListProblem(value: string): string | undefined {
  const bad = splitPlatforms(value).filter((platform) => !new RegExp(platformPattern).test(platform));
  if (bad.length === 0) return undefined;
  return `has ${bad.map((platform) => `"${platform}"`).join(", ")}, not a platform: use ${platformForms}`;
}
