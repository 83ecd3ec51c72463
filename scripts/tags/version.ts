// Turn sorted rules into {main, partial, latest}, rule by rule, as metadata-action does.
// Each `from*` function returns the raw value a rule yields (or nothing) and whether
// that rule would move `latest` under latest=auto.
import semver from "semver";
import { ConfigError } from "../errors/errors.ts";
import { dateScope, expandGlobals, refName, type PlanEnv } from "./globals.ts";
import { cleanPep440, isPep440Special, parsePep440, pep440Part } from "./pep440.ts";
import { sanitizeTag, shortSha } from "./sanitize.ts";
import { isRawStatement, renderTemplate } from "./template.ts";
import type { Flavor, RepoInfo, TagRule, Version } from "./types.ts";

export interface VersionEnv extends PlanEnv {
  flavor: Flavor;
  repo: RepoInfo;
  /** Warnings for the user (a tag that is not semver, a match that failed). */
  notes: string[];
}

interface Yield {
  value: string;
  autoLatest: boolean;
}

export function computeVersion(rules: TagRule[], env: VersionEnv): Version {
  const version: { main: string | undefined; partial: string[]; latest: boolean | undefined } = {
    main: undefined,
    partial: [],
    latest: undefined,
  };
  for (const rule of rules) {
    if (!isEnabled(rule, env)) continue;
    const result = ruleValue(rule, env);
    if (result === undefined || result.value.length === 0) continue;
    const tag = sanitizeTag(result.value);
    if (version.main === undefined) version.main = tag;
    else if (tag !== version.main) version.partial.push(tag);
    version.latest ??= env.flavor.latest === "auto" ? result.autoLatest : env.flavor.latest === "true";
  }
  return { main: version.main, partial: [...new Set(version.partial)], latest: version.latest ?? false };
}

function isEnabled(rule: TagRule, env: VersionEnv): boolean {
  const enabled = expandGlobals(rule.attrs.enable ?? "true", env).trim();
  if (enabled !== "true" && enabled !== "false")
    throw new ConfigError(`enable must be true or false, got "${enabled}" in rule "${rule.source}"`);
  return enabled === "true";
}

function ruleValue(rule: TagRule, env: VersionEnv): Yield | undefined {
  switch (rule.type) {
    case "schedule":
      return fromSchedule(rule, env);
    case "semver":
      return fromSemver(rule, env);
    case "pep440":
      return fromPep440(rule, env);
    case "match":
      return fromMatch(rule, env);
    case "edge":
      return fromEdge(rule, env);
    case "ref":
      return fromRef(rule, env);
    case "raw":
      return { value: withAffixes(expandGlobals(rule.attrs.value ?? "", env), rule, env), autoLatest: false };
    case "sha":
      return fromSha(rule, env);
  }
}

/** Rule prefix/suffix win over the flavor's; both may hold templates. */
function withAffixes(value: string, rule: TagRule, env: VersionEnv): string {
  const prefix = rule.attrs.prefix ?? env.flavor.prefix;
  const suffix = rule.attrs.suffix ?? env.flavor.suffix;
  return `${prefix ? expandGlobals(prefix, env) : ""}${value}${suffix ? expandGlobals(suffix, env) : ""}`;
}

function fromSchedule(rule: TagRule, env: VersionEnv): Yield | undefined {
  if (!/schedule/.test(env.context.eventName)) return undefined;
  return {
    value: withAffixes(renderTemplate(rule.attrs.pattern ?? "nightly", dateScope(env)), rule, env),
    autoLatest: false,
  };
}

/** The value a semver/pep440/match rule reads: its `value` attribute or the pushed tag, slashes kept. */
function versionSource(rule: TagRule, env: VersionEnv): string | undefined {
  const value = rule.attrs.value ?? "";
  if (value.length > 0) return expandGlobals(value, env);
  return refName(env.context.ref, "refs/tags/");
}

/** semver/pep440: `match=` picks its first group out of the source, then slashes become dashes. */
function matchedVersion(rule: TagRule, env: VersionEnv): string | undefined {
  const raw = versionSource(rule, env);
  if (raw === undefined) return undefined;
  const pattern = rule.attrs.match ?? "";
  if (pattern.length === 0) return raw.replace(/\//g, "-");
  const found = raw.match(new RegExp(pattern));
  if (!found) {
    env.notes.push(`${pattern} does not match ${raw}: rule "${rule.source}" reads ${raw} as it is`);
    return raw.replace(/\//g, "-");
  }
  const group = found[1];
  if (group === undefined) {
    throw new ConfigError(`match=${pattern} in rule "${rule.source}" has no capture group to read the version from`, {
      hint: "Put the version in parentheses: match=v(\\d.\\d.\\d)$",
    });
  }
  return group.replace(/\//g, "-");
}

function fromSemver(rule: TagRule, env: VersionEnv): Yield | undefined {
  const raw = matchedVersion(rule, env);
  if (raw === undefined) return undefined;
  const parsed = semver.valid(raw) === null ? null : semver.parse(raw, { loose: true });
  if (parsed === null) {
    env.notes.push(`${raw} is not a valid semver version (https://semver.org/): rule "${rule.source}" gives no tag`);
    return undefined;
  }
  const scope = {
    raw: parsed.raw,
    version: parsed.version,
    major: parsed.major,
    minor: parsed.minor,
    patch: parsed.patch,
    prerelease: parsed.prerelease,
    build: parsed.build,
  };
  const pattern = rule.attrs.pattern ?? "{{version}}";
  // Prereleases only ever get their full version (or the raw tag): never 1.2 / 1 / latest.
  if (parsed.prerelease.length > 0) {
    return {
      value: withAffixes(renderTemplate(isRawStatement(pattern) ? pattern : "{{version}}", scope), rule, env),
      autoLatest: false,
    };
  }
  return { value: withAffixes(renderTemplate(pattern, scope), rule, env), autoLatest: true };
}

function fromPep440(rule: TagRule, env: VersionEnv): Yield | undefined {
  const raw = matchedVersion(rule, env);
  if (raw === undefined) return undefined;
  const parsed = parsePep440(raw);
  if (parsed === undefined) {
    env.notes.push(`${raw} does not conform to PEP 440: rule "${rule.source}" gives no tag`);
    return undefined;
  }
  const pattern = rule.attrs.pattern ?? "{{version}}";
  if (isPep440Special(parsed)) {
    return { value: withAffixes(isRawStatement(pattern) ? raw : cleanPep440(parsed), rule, env), autoLatest: false };
  }
  const scope = {
    raw,
    version: cleanPep440(parsed),
    major: pep440Part(parsed, 0),
    minor: pep440Part(parsed, 1),
    patch: pep440Part(parsed, 2),
  };
  return { value: withAffixes(renderTemplate(pattern, scope), rule, env), autoLatest: true };
}

function fromMatch(rule: TagRule, env: VersionEnv): Yield | undefined {
  const raw = versionSource(rule, env);
  if (raw === undefined) return undefined;
  const pattern = rule.attrs.pattern ?? "";
  const found = raw.match(toRegExp(pattern, rule));
  const group = found?.[Number(rule.attrs.group ?? "0")];
  if (!found || group === undefined) {
    env.notes.push(
      found ? `group ${rule.attrs.group} does not exist in pattern ${pattern}` : `${pattern} does not match ${raw}`,
    );
    return undefined;
  }
  return { value: withAffixes(group, rule, env), autoLatest: true };
}

function toRegExp(pattern: string, rule: TagRule): RegExp {
  const literal = /^\/(.+)\/(.*)$/.exec(pattern);
  try {
    return literal ? new RegExp(literal[1] ?? "", literal[2]) : new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(
      `invalid regular expression in rule "${rule.source}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function fromEdge(rule: TagRule, env: VersionEnv): Yield | undefined {
  const branch = refName(env.context.ref, "refs/heads/");
  if (branch === undefined) return undefined;
  const edgeBranch = rule.attrs.branch || env.repo.defaultBranch || env.context.defaultBranch;
  if (edgeBranch !== branch) return undefined;
  return { value: withAffixes("edge", rule, env), autoLatest: false };
}

function fromRef(rule: TagRule, env: VersionEnv): Yield | undefined {
  const { ref } = env.context;
  if (rule.attrs.event === "branch") {
    const branch = refName(ref, "refs/heads/");
    return branch === undefined ? undefined : { value: withAffixes(branch, rule, env), autoLatest: false };
  }
  if (rule.attrs.event === "tag") {
    const tag = refName(ref, "refs/tags/");
    return tag === undefined ? undefined : { value: withAffixes(tag, rule, env), autoLatest: true };
  }
  const pr = refName(ref, "refs/pull/");
  return pr === undefined
    ? undefined
    : { value: withAffixes(pr.replace(/\/merge$/, ""), rule, env), autoLatest: false };
}

function fromSha(rule: TagRule, env: VersionEnv): Yield | undefined {
  const { sha } = env.context;
  if (!sha) return undefined;
  const value = rule.attrs.format === "long" ? sha : shortSha(sha, env.shortShaLength);
  return { value: withAffixes(value, rule, env), autoLatest: false };
}
