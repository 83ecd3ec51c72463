// The handlebars globals every rule value, prefix, suffix, enable and label can use:
// {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}}, {{is_not_default_branch}},
// {{date …}}, {{commit_date …}}.
import { ConfigError } from "../errors/errors.ts";
import { formatDate } from "./date-format.ts";
import { shortSha } from "./sanitize.ts";
import { renderTemplate, type Helper, type Scope } from "./template.ts";
import type { GitContext } from "./types.ts";

export interface PlanEnv {
  context: GitContext;
  now: Date;
  shortShaLength: number;
}

/** Events GitHub only fires for the default branch's last commit. */
const defaultBranchEvents = /create|discussion|issues|schedule/;

export function dateScope(env: PlanEnv): Scope {
  return { date: dateHelper(env.now), commit_date: dateHelper(env.context.commitDate ?? env.now) };
}

export function globalScope(env: PlanEnv): Scope {
  const { context } = env;
  return {
    ...dateScope(env),
    branch: () => refName(context.ref, "refs/heads/") ?? "",
    tag: () => refName(context.ref, "refs/tags/") ?? "",
    sha: () => shortSha(context.sha, env.shortShaLength),
    base_ref: () => baseRef(context),
    is_default_branch: () => String(isDefaultBranch(context)),
    is_not_default_branch: () => String(!isDefaultBranch(context)),
  };
}

export function expandGlobals(template: string, env: PlanEnv): string {
  return renderTemplate(template, globalScope(env));
}

export function refName(ref: string, prefix: string): string | undefined {
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

function baseRef(context: GitContext): string {
  if (context.ref.startsWith("refs/tags/") && context.baseRef !== undefined)
    return context.baseRef.replace(/^refs\/heads\//, "");
  if (context.ref.startsWith("refs/pull/") && context.prBaseRef !== undefined) return context.prBaseRef;
  return "";
}

export function isDefaultBranch(context: GitContext): boolean {
  // Like metadata-action: only refs/heads/ is stripped, so a tag ref never equals the default branch.
  const branch = context.ref.replace(/^refs\/heads\//, "");
  if (branch.length === 0) return false;
  if (context.defaultBranch === branch) return true;
  return defaultBranchEvents.test(context.eventName);
}

function dateHelper(date: Date): Helper {
  return (args, hash) => {
    let timeZone = "UTC";
    for (const [key, value] of Object.entries(hash)) {
      if (key !== "tz")
        throw new ConfigError(`unknown ${key} attribute in a {{date}} template`, {
          hint: "Only tz='Area/City' is supported.",
        });
      timeZone = value;
    }
    return formatDate(date, args[0] ?? "YYYY-MM-DDTHH:mm:ssZ", timeZone);
  };
}
