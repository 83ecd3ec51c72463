// Local image facts (ID, size, labels) for several refs at once: side by side over the engine API
// when the context has it, else one `docker image inspect` with a JSON line per ref. Like the CLI,
// a ref that does not exist makes the whole answer undefined.
import type { CommandContext } from "../cli/command.ts";

export interface LocalImage {
  id: string;
  size: number;
  labels: Record<string, string> | null;
}

export const inspectFormat = '{"id":{{json .Id}},"size":{{json .Size}},"labels":{{json .Config.Labels}}}';

interface InspectBody {
  Id?: string;
  Size?: number;
  Config?: { Labels?: Record<string, string> | null };
}

/** Pure: the engine's `GET /images/{ref}/json` body → the facts the CLI format above prints. */
export function localImageOf(body: string): LocalImage {
  const data = JSON.parse(body) as InspectBody;
  return { id: data.Id ?? "", size: data.Size ?? Number.NaN, labels: data.Config?.Labels ?? null };
}

/** Pure: the CLI's output, one JSON line per ref. */
export function parseInspectLines(stdout: string): LocalImage[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as LocalImage);
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

/** Which of the refs exist locally, each asked on its own (one missing ref must not hide the others). */
export async function presentLocally(ctx: CommandContext, refs: readonly string[]): Promise<Set<string>> {
  const engine = ctx.engine;
  const here = async (ref: string): Promise<boolean> => {
    const reply = engine
      ? await engine("GET", `/images/${encodeURIComponent(ref)}/json`).catch(() => undefined)
      : undefined;
    if (reply?.status === 200 || reply?.status === 404) return reply.status === 200;
    const argv = ["docker", "image", "inspect", "--format", "{{.Id}}", ref];
    return (await ctx.exec(argv, { check: false })).exitCode === 0;
  };
  const found = await Promise.all(refs.map(async (ref) => ((await here(ref)) ? ref : undefined)));
  return new Set(found.filter((ref): ref is string => ref !== undefined));
}
