// The tags stage's public surface: other stages import from here.
export { parseTagRules, parseTagRule, defaultPriorities } from "./rules.ts";
export { parseFlavor, defaultFlavor } from "./flavor.ts";
export {
  planTags,
  planTagsWithNotes,
  planTargets,
  tagReferences,
  repoInfoFromContext,
  type PlanTagsInput,
} from "./plan.ts";
export { contextFromGithubEnv } from "./github-context.ts";
export { contextFromGit } from "./git-context.ts";
export { nowFromEnv } from "./clock.ts";
export { requireSemverRef, isPrereleaseRef } from "./release-ref.ts";
export { readTagInputs, readContext, shortShaLength, annotationLevels, type TagInputs } from "./tag-inputs.ts";
export { parseImages, enabledImageNames, type ImageEntry } from "./images.ts";
export { textOutputs, bakeFiles, jsonOutput, type OutputSettings } from "./outputs.ts";
export { sanitizeTag, sanitizeImageName, maxTagLength } from "./sanitize.ts";
export type { Flavor, GitContext, RepoInfo, TagPlan, TagRule, TagType, Version } from "./types.ts";
export { tagSets, cacheBranch, perImageLabels } from "./tag-sets.ts";
