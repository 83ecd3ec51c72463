// A failed local build (a full disk, a broken step) must not leave `:dev`/`:local` tags on the
// images it loaded before failing: each tag's old image is kept alive while bake runs, and after a
// failure each tag goes back to it (or is removed, when it did not exist). Argv is data.
import type { BuildPlan } from "../plan/plan.ts";

/** The tags a local load writes: every tag of every target whose output is the engine's store. */
/** Whether bake loads this target into the local engine (an output of type docker). */
export function loadsLocally(target: BuildPlan["targets"][number]): boolean {
  return target.output.some((output) => output.startsWith("type=docker"));
}

export function loadedRefs(plan: BuildPlan): string[] {
  const loaded = plan.targets.filter(loadsLocally);
  return [...new Set(loaded.flatMap((target) => target.tags))];
}

/**
 * The containerd image store deletes an image as soon as its last name moves to another one, so an
 * image that bake could leave with no name is held by a name of ours while bake runs: one restore
 * point per such image, named after this process (a run killed before it could clean up leaves its
 * names in its bake folder, and the next run releases them). An image with a name bake does not
 * write (an older commit's sha tag, say) needs none.
 */
export const restorePointRepository = "images-restore-point";

/** A restore point's name (`restorePoints` makes them): the repository, then `<pid>-<n>`. */
const restorePointName = new RegExp(`^${restorePointRepository}:(\\d+)-\\d+$`);

/** ref → the image it names before bake (its ID and all its names), or undefined where there is none. */
export type TagsBefore = Record<string, { id: string; names: readonly string[] } | undefined>;

/**
 * The refs to inspect first: one per loaded target (its first tag). A target's tags usually name one
 * image, and an image's names then answer for the target's other refs without asking the engine,
 * which serves image calls one at a time.
 */
export function firstRefs(plan: BuildPlan): string[] {
  const loaded = plan.targets.filter((target) => target.output.some((output) => output.startsWith("type=docker")));
  return [...new Set(loaded.flatMap((target) => target.tags.slice(0, 1)))];
}

/** Pure: what the inspected images say of every ref, and the refs they leave unknown (to inspect next). */
export function tagsKnown(refs: readonly string[], inspected: TagsBefore): { before: TagsBefore; unknown: string[] } {
  const images = Object.values(inspected).filter((image) => image !== undefined);
  const before: TagsBefore = {};
  const unknown: string[] = [];
  for (const ref of refs) {
    const image = ref in inspected ? inspected[ref] : images.find((found) => found.names.includes(ref));
    if (image || ref in inspected) before[ref] = image;
    else unknown.push(ref);
  }
  return { before, unknown };
}

export interface RestorePoints {
  names: string[];
  argvs: string[][];
}

/**
 * `left`: restore points of runs that are gone, on these images (leftRestorePoints); this run
 * releases them, so they count as names bake writes, not as names that keep an image.
 */
export function restorePoints(
  refs: readonly string[],
  before: TagsBefore,
  pid: number,
  left: readonly string[] = [],
): RestorePoints {
  const written = new Set([...refs, ...left]);
  const images = refs.flatMap((ref) => {
    const image = before[ref];
    return image && image.names.every((name) => written.has(name)) ? [image.id] : [];
  });
  const ids = [...new Set(images)];
  const names = ids.map((_, index) => `${restorePointRepository}:${pid}-${index}`);
  return { names, argvs: ids.map((id, index) => ["docker", "tag", id, names[index] ?? ""]) };
}

/**
 * Pure: after a failed build, each ref goes back to the image it named (a ref bake did not move is
 * tagged where it already is), and a ref that did not exist is removed.
 */
export function restoreCommands(refs: readonly string[], before: TagsBefore): string[][] {
  return refs.map((ref) => {
    const image = before[ref];
    return image ? ["docker", "tag", image.id, ref] : ["docker", "image", "rm", ref];
  });
}

/** A ref whose old image could not be tagged again (it is gone) is removed, not left on the new one. */
export function removalsAfter(commands: readonly (readonly string[])[], done: readonly boolean[]): string[][] {
  return commands.flatMap((argv, index) =>
    argv[1] === "tag" && !done[index] && argv[3] ? [["docker", "image", "rm", argv[3]]] : [],
  );
}

/**
 * Pure: the restore points on the images a bake will move whose run is gone (`alive` answers for a
 * pid). A run killed between taking and releasing them, in a workspace since deleted, leaves them
 * with no folder for sweepOrphans to find; the image they name would be kept for ever.
 */
export function leftRestorePoints(before: TagsBefore, alive: (pid: number) => boolean): string[] {
  const names = Object.values(before).flatMap((image) => image?.names ?? []);
  const left = names.filter((name) => {
    const pid = restorePointName.exec(name.replace(/^docker\.io\/library\//, ""))?.[1];
    return pid !== undefined && !alive(Number(pid));
  });
  return [...new Set(left)];
}

/** Where a run writes its restore points' names (in its bake folder), for a later run to release. */
export const restorePointsFile = "restore-points.json";

/** Pure: the names in a restore-points file; anything else in it is ignored. */
export function parseRestorePoints(text: string): string[] {
  try {
    const names = JSON.parse(text) as unknown;
    return Array.isArray(names)
      ? names.filter((name): name is string => typeof name === "string" && restorePointName.test(name))
      : [];
  } catch {
    return [];
  }
}

/** Dropping the names lets the engine delete what no tag points at any more, as it would have. */
export function releaseArgv(names: string[]): string[] | undefined {
  return names.length ? ["docker", "image", "rm", ...names] : undefined;
}

export interface EngineRequest {
  method: "POST" | "DELETE";
  path: string;
}

/** The engine API's form of a `docker tag` or `docker image rm` argv from this file; undefined for others. */
export function engineRequests(argv: readonly string[]): EngineRequest[] | undefined {
  const [program, first, second, ...rest] = argv;
  if (program !== "docker") return undefined;
  if (first === "tag" && second && rest.length === 1 && rest[0]) {
    const { repo, tag } = splitRef(rest[0]);
    const query = `repo=${encodeURIComponent(repo)}&tag=${encodeURIComponent(tag)}`;
    return [{ method: "POST", path: `/images/${encodeURIComponent(second)}/tag?${query}` }];
  }
  if (first === "image" && second === "rm" && rest.length > 0)
    return rest.map((name) => ({ method: "DELETE", path: `/images/${encodeURIComponent(name)}` }));
  return undefined;
}

/** `host:port/name:tag` → repository and tag (the tag is after the last colon past the last slash). */
export function splitRef(ref: string): { repo: string; tag: string } {
  const colon = ref.lastIndexOf(":");
  if (colon <= ref.lastIndexOf("/")) return { repo: ref, tag: "latest" };
  return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) };
}
