// The edge every command shares before planning tags: which trigger, what time, how long a sha.
// Reads env and files so that planTags does not have to.
import { readFileSync } from "node:fs";
import type { CommandContext } from "../cli/command.ts";
import { ConfigError } from "../errors/errors.ts";
import { nowFromEnv } from "./clock.ts";
import { commitDateFromGit, contextFromGit } from "./git-context.ts";
import { contextFromGithubEnv } from "./github-context.ts";
import type { GitContext } from "./types.ts";

export interface TagInputs {
  context: GitContext;
  now: Date;
  shortShaLength: number | undefined;
  /** Builds annotate images only when DOCKER_METADATA_ANNOTATIONS_LEVELS is set (an opt-in). */
  annotationLevels: string[] | undefined;
}

export async function readTagInputs(
  ctx: Pick<CommandContext, "env" | "exec" | "workspace" | "now">,
): Promise<TagInputs> {
  const levels = ctx.env.DOCKER_METADATA_ANNOTATIONS_LEVELS ? annotationLevels(ctx.env) : undefined;
  return {
    context: await readContext(ctx),
    now: nowFromEnv(ctx.env, ctx.now),
    shortShaLength: shortShaLength(ctx.env),
    annotationLevels: levels,
  };
}

/**
 * GitHub Actions env when running there, local git otherwise. Where the payload does not carry the
 * commit's date (metadata-action then asks the GitHub API), the checkout's committer date is used.
 */
export async function readContext(ctx: Pick<CommandContext, "env" | "exec" | "workspace">): Promise<GitContext> {
  if (ctx.env.GITHUB_ACTIONS !== "true") return contextFromGit(ctx.exec, ctx.workspace);
  const context = contextFromGithubEnv(ctx.env, (path) => readFileSync(path, "utf8"));
  if (context.commitDate !== undefined || !context.sha) return context;
  const commitDate = await commitDateFromGit(ctx.exec, ctx.workspace, context.sha);
  return commitDate === undefined ? context : { ...context, commitDate };
}

/** DOCKER_METADATA_SHORT_SHA_LENGTH, as metadata-action reads it. */
export function shortShaLength(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.DOCKER_METADATA_SHORT_SHA_LENGTH?.trim();
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`DOCKER_METADATA_SHORT_SHA_LENGTH must be a number, got "${value}"`);
  return Number(value);
}

/** DOCKER_METADATA_ANNOTATIONS_LEVELS: comma-separated levels buildx accepts, `manifest` by default. */
export function annotationLevels(env: NodeJS.ProcessEnv): string[] {
  const levels = (env.DOCKER_METADATA_ANNOTATIONS_LEVELS || "manifest").split(",");
  for (const level of levels) {
    if (!/^(manifest|index|manifest-descriptor|index-descriptor)(\[[a-z0-9/,]+\])?$/.test(level)) {
      throw new ConfigError(`DOCKER_METADATA_ANNOTATIONS_LEVELS has an unknown level "${level}"`, {
        hint: "Levels are manifest, index, manifest-descriptor and index-descriptor, comma-separated: manifest,index.",
      });
    }
  }
  return levels;
}

/** DOCKER_METADATA_SET_OUTPUT_ENV (true by default), read as Go's ParseBool reads it, as the action does. */
export function setOutputEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.DOCKER_METADATA_SET_OUTPUT_ENV;
  if (!value) return true;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw new ConfigError(`DOCKER_METADATA_SET_OUTPUT_ENV must be true or false, got "${value}"`);
}
