// The world of metadata-action's README examples: repository octocat/Hello-World (default branch
// master), commit 860c190…, 2020-01-10T00:30:00Z. Each helper builds one trigger.
import { parseFlavor } from "../../../scripts/tags/flavor.ts";
import { enabledImageNames, parseImages } from "../../../scripts/tags/images.ts";
import { planTagsWithNotes } from "../../../scripts/tags/plan.ts";
import { parseTagRules } from "../../../scripts/tags/rules.ts";
import type { GitContext, RepoInfo, TagPlan } from "../../../scripts/tags/types.ts";

export const sha = "860c1904a1ce19322e91ac35af1ab07466440c37";
export const readmeNow = new Date("2020-01-10T00:30:00.000Z");
export const helloWorld: RepoInfo = {
  name: "Hello-World",
  description: "This your first repo!",
  htmlUrl: "https://github.com/octocat/Hello-World",
  license: "MIT",
  defaultBranch: "master",
};

export type Trigger = GitContext;

const base = (eventName: string, ref: string, extra: Partial<GitContext> = {}): Trigger => ({
  eventName,
  ref,
  sha,
  defaultBranch: "master",
  repo: helloWorld,
  notes: [],
  ...extra,
});

export const push = (branch: string): Trigger => base("push", `refs/heads/${branch}`);
export const pushTag = (tag: string): Trigger => base("push", `refs/tags/${tag}`, { baseRef: "refs/heads/master" });
export const pullRequest = (n: number): Trigger =>
  base("pull_request", `refs/pull/${n}/merge`, { prNumber: n, prBaseRef: "master" });
export const schedule = (): Trigger => base("schedule", "refs/heads/master");
export const dispatch = (branch: string): Trigger => base("workflow_dispatch", `refs/heads/${branch}`);

export interface ReadmeRun {
  tags?: string[];
  flavor?: string[];
  images?: string[];
  labels?: string[];
  annotations?: string[];
  now?: Date;
  commitDate?: Date;
  shortShaLength?: number;
}

/** Plans one trigger the way `pnpm images tags` does: images, rules and flavor read as the action reads them. */
export function readmePlan(trigger: Trigger, run: ReadmeRun = {}): { plan: TagPlan; notes: string[] } {
  const context = run.commitDate ? { ...trigger, commitDate: run.commitDate } : trigger;
  return planTagsWithNotes({
    images: enabledImageNames(parseImages(run.images ?? ["name/app"])),
    rules: parseTagRules(run.tags ?? []),
    flavor: parseFlavor(run.flavor ?? []),
    context,
    now: run.now ?? readmeNow,
    labels: run.labels ?? [],
    annotations: run.annotations ?? [],
    ...(run.shortShaLength ? { shortShaLength: run.shortShaLength } : {}),
  });
}

/** The tags of name/app without the image name, as the README tables list them. */
export function readmeTags(trigger: Trigger, run: ReadmeRun = {}): string[] {
  return readmePlan(trigger, run).plan.tags.map((tag) => tag.replace(/^name\/app:/, ""));
}
