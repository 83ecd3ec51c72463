// Plain data shared by the tag planner and its readers: rules, flavor, context, plan.

export type TagType = "schedule" | "semver" | "pep440" | "match" | "edge" | "ref" | "raw" | "sha";

/** One `tags` rule after parsing: its type plus every attribute, defaults filled in. */
export interface TagRule {
  type: TagType;
  /** Attribute name (lower case) → raw value; templates are expanded at plan time. */
  attrs: Record<string, string>;
  /** Numeric priority used for ordering (higher first). */
  priority: number;
  /** The rule as written, for messages. */
  source: string;
}

export type LatestMode = "auto" | "true" | "false";

export interface Flavor {
  latest: LatestMode;
  prefix: string;
  prefixLatest: boolean;
  suffix: string;
  suffixLatest: boolean;
}

/** What metadata-action reads from the GitHub API; here from the event payload or git. */
export interface RepoInfo {
  name: string;
  description: string;
  htmlUrl: string;
  license: string;
  defaultBranch?: string;
}

/** The trigger, normalised from GitHub Actions env + payload or from local git. */
export interface GitContext {
  eventName: string;
  ref: string;
  /** Full commit sha; "" when there is no commit (then no sha tag). */
  sha: string;
  defaultBranch?: string;
  prNumber?: number;
  prHeadSha?: string;
  /** pull_request.base.ref, for {{base_ref}} on pull requests. */
  prBaseRef?: string;
  /** payload.base_ref (tag pushes), for {{base_ref}}. */
  baseRef?: string;
  /** owner/name */
  repository?: string;
  serverUrl?: string;
  commitDate?: Date;
  /** Repository facts found in the event payload (or git remote). */
  repo?: RepoInfo;
  /** Why something is missing or guessed, for the user ("no commits yet: no sha tag"). */
  notes: string[];
}

export interface Version {
  main: string | undefined;
  partial: string[];
  latest: boolean;
}

export interface TagPlan {
  version: Version;
  tags: string[];
  labels: Record<string, string>;
  /** Same OCI keys as the labels plus the extra annotations; levels are added at output time. */
  annotations: Record<string, string>;
}
