// Per-target tags, labels and (when levels are asked for) annotations from the tag rules
// (docker/metadata-action semantics), for the build's bake override.
import type { ImagesConfig } from "../config/types.ts";
import { imageName, type TagSet } from "../plan/plan.ts";
import { parseFlavor } from "./flavor.ts";
import { planTags } from "./plan.ts";
import { parseTagRules } from "./rules.ts";
import type { TagInputs } from "./tag-inputs.ts";
import type { GitContext } from "./types.ts";

export function tagSets(
  targets: readonly string[],
  config: ImagesConfig,
  context: GitContext,
  inputs: Omit<TagInputs, "context">,
): Record<string, TagSet> {
  const rules = parseTagRules(config.tags);
  const flavor = parseFlavor(config.flavor);
  const { now, shortShaLength, annotationLevels } = inputs;
  return Object.fromEntries(
    targets.map((target) => {
      const plan = planTags({
        images: [imageName(config, target)],
        rules,
        flavor,
        context,
        now,
        ...(shortShaLength ? { shortShaLength } : {}),
      });
      const title = config.images[target] ?? target;
      const pairs = Object.entries(perImageLabels(plan.annotations, title));
      const annotations = annotationLevels?.flatMap((level) => pairs.map(([key, value]) => `${level}:${key}=${value}`));
      const labels = perImageLabels(plan.labels, title);
      return [target, { tags: plan.tags, labels, ...(annotations ? { annotations } : {}) }];
    }),
  );
}

/** Branch-ish name for cache scopes: the branch, tag or pr-N. */
export function cacheBranch(context: GitContext): string {
  const ref = context.ref;
  if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  if (ref.startsWith("refs/tags/")) return ref.slice("refs/tags/".length);
  if (context.prNumber !== undefined) return `pr-${context.prNumber}`;
  return ref || "local";
}

/**
 * metadata-action labels describe the repository; per image, the title is the image's name, and
 * empty values (no description or licence known) are dropped so the Dockerfile's own labels stay.
 */
export function perImageLabels(labels: Record<string, string>, title: string): Record<string, string> {
  const kept = Object.entries(labels).filter(([, value]) => value !== "");
  return Object.fromEntries([...kept, ["org.opencontainers.image.title", title]]);
}
