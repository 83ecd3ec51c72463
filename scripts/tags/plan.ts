// planTags: rules + flavor + context + clock → version, full tag references and OCI labels.
// Pure: the clock, the context and the repository facts all come in as data.
import { expandGlobals, type PlanEnv } from "./globals.ts";
import { sanitizeImageName, sanitizeTag } from "./sanitize.ts";
import type { Flavor, GitContext, RepoInfo, TagPlan, TagRule, Version } from "./types.ts";
import { computeVersion } from "./version.ts";

export interface PlanTagsInput {
  images: string[];
  rules: TagRule[];
  flavor: Flavor;
  context: GitContext;
  now: Date;
  repo?: RepoInfo;
  /** Extra labels `key=value` (templates allowed); they override the OCI ones. */
  labels?: string[];
  /** Extra annotations `key=value`, as labels; the OCI set is the same. */
  annotations?: string[];
  /** DOCKER_METADATA_SHORT_SHA_LENGTH; 7 by default. */
  shortShaLength?: number;
}

export function planTags(input: PlanTagsInput): TagPlan {
  return planTagsWithNotes(input).plan;
}

/** Same plan, plus the warnings metadata-action would log (a tag that is not semver…). */
export function planTagsWithNotes(input: PlanTagsInput): { plan: TagPlan; notes: string[] } {
  const env: PlanEnv = { context: input.context, now: input.now, shortShaLength: input.shortShaLength ?? 7 };
  const repo = input.repo ?? repoInfoFromContext(input.context);
  const notes: string[] = [];
  const version = computeVersion(input.rules, { ...env, flavor: input.flavor, repo, notes });
  const plan: TagPlan = {
    version,
    tags: tagReferences(input.images, version, input.flavor),
    labels: ociLabels({ env, repo, version, extra: input.labels ?? [] }),
    annotations: ociLabels({ env, repo, version, extra: input.annotations ?? [] }),
  };
  return { plan, notes };
}

/** Per image: main, partials, then latest (metadata-action's order). Without images, bare tags. */
export function tagReferences(images: string[], version: Version, flavor: Flavor): string[] {
  const main = version.main;
  if (main === undefined) return [];
  const latestTag = sanitizeTag(
    `${flavor.prefixLatest ? flavor.prefix : ""}latest${flavor.suffixLatest ? flavor.suffix : ""}`,
  );
  const names = [main, ...version.partial, ...(version.latest ? [latestTag] : [])];
  const prefixes = images.length > 0 ? images.map((image) => `${sanitizeImageName(image)}:`) : [""];
  return prefixes.flatMap((prefix) => names.map((name) => `${prefix}${name}`));
}

interface LabelInput {
  env: PlanEnv;
  repo: RepoInfo;
  version: Version;
  extra: string[];
}

/** The eight OCI labels, then extra `key=value` entries (last one wins), sorted by key. Used for annotations too. */
export function ociLabels({ env, repo, version, extra }: LabelInput): Record<string, string> {
  const entries: string[] = [
    `org.opencontainers.image.title=${repo.name}`,
    `org.opencontainers.image.description=${repo.description}`,
    `org.opencontainers.image.url=${repo.htmlUrl}`,
    `org.opencontainers.image.source=${repo.htmlUrl}`,
    `org.opencontainers.image.version=${version.main ?? ""}`,
    `org.opencontainers.image.created=${env.now.toISOString()}`,
    `org.opencontainers.image.revision=${env.context.sha}`,
    `org.opencontainers.image.licenses=${repo.license}`,
    ...extra.map((label) => expandGlobals(label, env)),
  ];
  const byKey = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at >= 0) byKey.set(entry.slice(0, at), entry.slice(at + 1));
  }
  const sorted = [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(sorted);
}

/** Repository facts when no payload carried them: name and URL from owner/name and the server. */
export function repoInfoFromContext(context: GitContext): RepoInfo {
  if (context.repo) return context.repo;
  const repository = context.repository ?? "";
  const name = repository.split("/").pop() ?? "";
  const htmlUrl = repository ? `${(context.serverUrl ?? "https://github.com").replace(/\/+$/, "")}/${repository}` : "";
  return {
    name,
    description: "",
    htmlUrl,
    license: "",
    ...(context.defaultBranch ? { defaultBranch: context.defaultBranch } : {}),
  };
}

/** One plan per bake target (target → its image references): each target gets its own tags. */
export function planTargets(
  targets: Record<string, string[]>,
  input: Omit<PlanTagsInput, "images">,
): Record<string, TagPlan> {
  return Object.fromEntries(
    Object.entries(targets).map(([target, images]) => [target, planTags({ ...input, images })]),
  );
}
