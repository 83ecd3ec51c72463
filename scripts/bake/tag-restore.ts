// A failed local build (a full disk, a broken step) must not leave `:dev`/`:local` tags on the
// images it loaded before failing: each tag is held by a restore point before bake runs, and after
// a failure each goes back to its old image (or is removed, when it did not exist). Argv is data.
import type { BuildPlan } from "../plan/plan.ts";

/** ref → image ID, as `docker image ls` prints them. */
export type LocalTags = Record<string, string>;

/** The tags a local load writes: every tag of every target whose output is the engine's store. */
export function loadedRefs(plan: BuildPlan): string[] {
  const loaded = plan.targets.filter((target) => target.output.some((output) => output.startsWith("type=docker")));
  return [...new Set(loaded.flatMap((target) => target.tags))];
}

/** One `docker image ls` for exactly these refs and any restore points (reference filters are OR'ed). */
export function listTagsArgv(refs: string[]): string[] {
  const filters = [...refs, `${restorePointRepository}:*`].flatMap((ref) => ["--filter", `reference=${ref}`]);
  return ["docker", "image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}}\t{{.ID}}", ...filters];
}

export function parseTagList(stdout: string): LocalTags {
  const entries = stdout.split("\n").flatMap((line) => {
    const [ref, id] = line.trim().split("\t");
    return ref && id && !ref.endsWith(":<none>") ? [[ref, id] as const] : [];
  });
  return Object.fromEntries(entries);
}

/**
 * The containerd image store deletes an image as soon as its last name moves to another one, so each
 * tag the load may move is held by a name of ours while bake runs: `docker tag REF POINT` by name
 * (no listing first; a ref that does not exist yet just gets none), named after this process so that
 * a run killed before it could clean up is recognised by the next one.
 */
export const restorePointRepository = "images-restore-point";

export interface RestorePoints {
  /** One per ref, in the refs' order. */
  names: string[];
  argvs: string[][];
}

export function restorePoints(refs: readonly string[], pid: number): RestorePoints {
  const names = refs.map((_, index) => `${restorePointRepository}:${pid}-${index}`);
  return { names, argvs: refs.map((ref, index) => ["docker", "tag", ref, names[index] ?? ""]) };
}

/**
 * Pure: after a failed build, each ref goes back to the image its restore point holds, and a ref
 * that had none (it did not exist) is removed. A ref bake did not move is tagged where it already is.
 */
export function restoreCommands(refs: readonly string[], points: RestorePoints, held: readonly boolean[]): string[][] {
  return refs.map((ref, index) =>
    held[index] ? ["docker", "tag", points.names[index] ?? "", ref] : ["docker", "image", "rm", ref],
  );
}

/** Restore points of processes that are gone, from the same listing (its reference filter includes them). */
export function staleRestorePoints(listed: LocalTags, alive: (pid: number) => boolean): string[] {
  return Object.keys(listed).filter((ref) => {
    const pid = Number(new RegExp(`^${restorePointRepository}:(\\d+)-\\d+$`).exec(ref)?.[1] ?? Number.NaN);
    return Number.isInteger(pid) && !alive(pid);
  });
}

/** Dropping the names lets the engine delete what no tag points at any more, as it would have. */
export function releaseArgv(names: string[]): string[] | undefined {
  return names.length ? ["docker", "image", "rm", ...names] : undefined;
}

/** The engine API's form of the image listing: the same reference filters, as `GET /images/json`. */
export function listTagsPath(refs: string[]): string {
  const filters = JSON.stringify({ reference: [...refs, `${restorePointRepository}:*`] });
  return `/images/json?filters=${encodeURIComponent(filters)}`;
}

interface ListedImage {
  Id?: string;
  RepoTags?: string[] | null;
}

/** `GET /images/json` lists every name of a matched image: keep the ones the CLI's listing would print. */
export function parseImageList(body: string, refs: string[]): LocalTags {
  const images = JSON.parse(body) as ListedImage[];
  const wanted = (ref: string): boolean => refs.includes(ref) || ref.startsWith(`${restorePointRepository}:`);
  const entries = images.flatMap((image) =>
    (image.RepoTags ?? []).filter(wanted).map((ref) => [ref, image.Id ?? ""] as const),
  );
  return Object.fromEntries(entries.filter(([, id]) => id !== ""));
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
