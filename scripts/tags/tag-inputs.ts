// The edge every command shares before planning tags: which trigger, what time, how long a sha.
// Reads env and files so that planTags does not have to.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { CommandContext } from "../cli/command.ts";
import { ConfigError } from "../errors/errors.ts";
import { nowFromEnv } from "./clock.ts";
import { contextFromGit } from "./git-context.ts";
import { contextFromGithubEnv } from "./github-context.ts";
import { repoInfoFromContext } from "./plan.ts";
import type { GitContext } from "./types.ts";

export interface TagInputs {
  context: GitContext;
  now: Date;
  shortShaLength: number | undefined;
}

export async function readTagInputs(ctx: Pick<CommandContext, "env" | "exec" | "workspace" | "now">): Promise<TagInputs> {
  return { context: await readContext(ctx), now: nowFromEnv(ctx.env, ctx.now), shortShaLength: shortShaLength(ctx.env) };
}

/** GitHub Actions env when running there, local git otherwise. */
export async function readContext(ctx: Pick<CommandContext, "env" | "exec" | "workspace">): Promise<GitContext> {
  if (ctx.env.GITHUB_ACTIONS === "true") return contextFromGithubEnv(ctx.env, (path) => readFileSync(path, "utf8"));
  return contextFromGit(ctx.exec, ctx.workspace);
}

/** The repository's name: what an image is called when no --image is given. */
export function defaultImage(context: GitContext, workspace: string): string {
  return repoInfoFromContext(context).name || basename(workspace);
}

/** DOCKER_METADATA_SHORT_SHA_LENGTH, as metadata-action reads it. */
export function shortShaLength(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.DOCKER_METADATA_SHORT_SHA_LENGTH?.trim();
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`DOCKER_METADATA_SHORT_SHA_LENGTH must be a number, got "${value}"`);
  return Number(value);
}
