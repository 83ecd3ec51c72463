// Local image facts (ID, size, labels, names) for several refs at once: side by side over the engine
// API when the context has it, else one `docker image inspect` with a JSON line per ref. Like the CLI,
// a ref that does not exist makes the whole answer undefined; inspectEach asks each ref on its own.
import type { CommandContext } from "../cli/command.ts";
import type { EngineCall } from "../process/engine-api.ts";
import type { Exec } from "../process/exec.ts";

export interface LocalImage {
  id: string;
  size: number;
  labels: Record<string, string> | null;
  /** Every `repo:tag` the image has: each one keeps it from being deleted. */
  names: string[];
}

export const inspectFormat =
  '{"id":{{json .Id}},"size":{{json .Size}},"labels":{{json .Config.Labels}},"names":{{json .RepoTags}}}';

interface InspectBody {
  Id?: string;
  Size?: number;
  Config?: { Labels?: Record<string, string> | null };
  RepoTags?: string[] | null;
}

/** Pure: the engine's `GET /images/{ref}/json` body → the facts the CLI format above prints. */
export function localImageOf(body: string): LocalImage {
  const data = JSON.parse(body) as InspectBody;
  return {
    id: data.Id ?? "",
    size: data.Size ?? Number.NaN,
    labels: data.Config?.Labels ?? null,
    names: data.RepoTags ?? [],
  };
}

/** Pure: the CLI's output, one JSON line per ref. */
export function parseInspectLines(stdout: string): LocalImage[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => {
      const image = JSON.parse(line) as Omit<LocalImage, "names"> & { names?: string[] | null };
      return { ...image, names: image.names ?? [] };
    });
}

export async function inspectLocal(ctx: CommandContext, refs: readonly string[]): Promise<LocalImage[] | undefined> {
  if (refs.length === 0) return [];
  const engine = ctx.engine;
  if (engine) {
    const replies = await Promise.all(
      refs.map((ref) => engine("GET", `/images/${encodeURIComponent(ref)}/json`).catch(() => undefined)),
    );
    if (replies.every((reply) => reply?.status === 200)) return replies.map((reply) => localImageOf(reply?.body ?? ""));
    if (replies.some((reply) => reply?.status === 404)) return undefined;
  }
  const result = await ctx.exec(["docker", "image", "inspect", "--format", inspectFormat, ...refs], { check: false });
  return result.exitCode === 0 ? parseInspectLines(result.stdout) : undefined;
}

/** Each ref on its own (one missing ref must not hide the others): its image, or undefined where there is none. */
export function inspectEach(
  exec: Exec,
  engine: EngineCall | undefined,
  refs: readonly string[],
): Promise<(LocalImage | undefined)[]> {
  const one = async (ref: string): Promise<LocalImage | undefined> => {
    const reply = engine
      ? await engine("GET", `/images/${encodeURIComponent(ref)}/json`).catch(() => undefined)
      : undefined;
    if (reply?.status === 200) return localImageOf(reply.body);
    if (reply?.status === 404) return undefined;
    const result = await exec(["docker", "image", "inspect", "--format", inspectFormat, ref], { check: false });
    return result.exitCode === 0 ? parseInspectLines(result.stdout)[0] : undefined;
  };
  return Promise.all(refs.map(one));
}

/** Which of the refs exist locally. */
export async function presentLocally(ctx: CommandContext, refs: readonly string[]): Promise<Set<string>> {
  const images = await inspectEach(ctx.exec, ctx.engine, refs);
  return new Set(refs.filter((_, index) => images[index] !== undefined));
}
