// images.config.yaml → ImagesConfig. Schema errors name the file and line of the offending key.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject } from "ajv";
import { LineCounter, isMap, isSeq, parseDocument, type Document } from "yaml";
import { ConfigError } from "../errors/errors.ts";
import { validate } from "./config-validator.generated.js";
import { envProblems, splitPlatforms } from "./overrides.ts";
import { defaultConfig, type CacheMode, type ImagesConfig, type MirrorMode } from "./types.ts";

export const configFileName = "images.config.yaml";

/** Pure: YAML text → config with defaults. `file` only labels errors. */
export function parseConfig(text: string, file: string): ImagesConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) throw new ConfigError(syntax.message.split("\n")[0] ?? "invalid YAML", { file, line: lineCounter.linePos(syntax.pos[0]).line });
  const data: unknown = document.toJS() ?? {};
  if (!validate(data)) throw schemaError(validate.errors ?? [], document, lineCounter, file);
  return withDefaults(data as Partial<ImagesConfig>);
}

function schemaError(errors: ErrorObject[], document: Document, lines: LineCounter, file: string): ConfigError {
  const first = errors[0];
  const path = first ? pathOf(first) : [];
  const line = lineOf(document, path, lines);
  const key = path.length ? path.join(".") : "(top level)";
  const detail = first?.keyword === "additionalProperties" ? "is not a known setting" : (first?.message ?? "is invalid");
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""})` : "";
  return new ConfigError(`${key} ${detail}${more}`, { file, ...(line ? { line } : {}), hint: "See the config reference in README.md." });
}

function pathOf(error: ErrorObject): string[] {
  const path = error.instancePath.split("/").slice(1).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return extra ? [...path, extra] : path;
}

function lineOf(document: Document, path: string[], lines: LineCounter): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key);
      offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? offset;
      node = pair?.value;
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
      offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? offset;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function withDefaults(data: Partial<ImagesConfig>): ImagesConfig {
  return {
    ...defaultConfig,
    ...data,
    cache: { ...defaultConfig.cache, ...data.cache },
    smoke: { ...defaultConfig.smoke, ...data.smoke },
    matrix: { ...defaultConfig.matrix, ...data.matrix, runners: { ...defaultConfig.matrix.runners, ...data.matrix?.runners } },
  };
}

/**
 * Env overrides (documented in README): IMAGES_REGISTRY, IMAGES_CACHE_MODE, IMAGES_PLATFORMS, IMAGES_MIRROR_MODE.
 * Checked as the config file is; one ConfigError lists every bad value.
 */
export function applyEnv(config: ImagesConfig, env: NodeJS.ProcessEnv): ImagesConfig {
  const problems = envProblems(env);
  if (problems.length > 0) {
    const what = `invalid environment override${problems.length > 1 ? "s" : ""}`;
    const hint = "Fix or unset the variable; README.md lists what each one takes.";
    throw new ConfigError(`${what}: ${problems.join("; ")}`, { hint });
  }
  return {
    ...config,
    registry: env.IMAGES_REGISTRY || config.registry,
    cache: env.IMAGES_CACHE_MODE ? { ...config.cache, mode: env.IMAGES_CACHE_MODE as CacheMode } : config.cache,
    platforms: env.IMAGES_PLATFORMS ? splitPlatforms(env.IMAGES_PLATFORMS) : config.platforms,
    mirrorMode: env.IMAGES_MIRROR_MODE ? (env.IMAGES_MIRROR_MODE as MirrorMode) : config.mirrorMode,
  };
}

/** Edge: read the workspace's config file if there is one. */
export function loadConfig(workspace: string, env: NodeJS.ProcessEnv = {}, file = join(workspace, configFileName)): ImagesConfig {
  if (!existsSync(file)) return applyEnv(defaultConfig, env);
  return applyEnv(parseConfig(readFileSync(file, "utf8"), file), env);
}
