// A failed local build (a full disk, a broken step) must not leave `:dev`/`:local` tags on the
// images it loaded before failing: the tags are read before bake runs, and after a failure each
// one that moved is put back on its old image (or removed, when it did not exist). Argv is data.
import type { BuildPlan } from "../plan/plan.ts";

/** ref → image ID, as `docker image ls` prints them. */
export type LocalTags = Record<string, string>;

/** The tags a local load writes: every tag of every target whose output is the engine's store. */
export function loadedRefs(plan: BuildPlan): string[] {
  const loaded = plan.targets.filter((target) => target.output.some((output) => output.startsWith("type=docker")));
  return [...new Set(loaded.flatMap((target) => target.tags))];
}

/** One `docker image ls` for exactly these refs (reference filters are OR'ed). */
export function listTagsArgv(refs: string[]): string[] {
  const filters = refs.flatMap((ref) => ["--filter", `reference=${ref}`]);
  return ["docker", "image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}}\t{{.ID}}", ...filters];
}

export function parseTagList(stdout: string): LocalTags {
  const entries = stdout.split("\n").flatMap((line) => {
    const [ref, id] = line.trim().split("\t");
    return ref && id && !ref.endsWith(":<none>") ? [[ref, id] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** Pure: the commands that put every moved tag back where it was before the failed build. */
export function restoreCommands(refs: string[], before: LocalTags, after: LocalTags): string[][] {
  return refs.flatMap((ref) => {
    if (after[ref] === before[ref]) return [];
    const previous = before[ref];
    return [previous ? ["docker", "tag", previous, ref] : ["docker", "image", "rm", ref]];
  });
}
