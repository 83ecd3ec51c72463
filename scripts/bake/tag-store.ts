// The apply side of tag-restore.ts: inspects, tags and untags local images over the engine API when
// the context has it (one socket round trip each, side by side), else through `docker`. A failed API
// call falls back to the same argv through the exec door, so the restore guarantee never rests on the API.
import type { EngineCall } from "../process/engine-api.ts";
import type { Exec } from "../process/exec.ts";
import { inspectEach } from "./local-image.ts";
import { engineRequests, type TagsBefore } from "./tag-restore.ts";

export interface TagStore {
  /** What each ref names now: its image's ID and every name it has. */
  inspect: (refs: readonly string[]) => Promise<TagsBefore>;
  /** Runs `docker tag` / `docker image rm` argvs side by side: whether each did it (untagging a gone name counts). */
  run: (argvs: readonly (readonly string[])[]) => Promise<boolean[]>;
}

export function tagStore(exec: Exec, engine?: EngineCall): TagStore {
  const cliRun = async (argv: readonly string[]): Promise<boolean> =>
    (await exec(argv, { check: false })).exitCode === 0;
  const inspect = async (refs: readonly string[]): Promise<TagsBefore> => {
    const images = await inspectEach(exec, engine, refs);
    return Object.fromEntries(refs.map((ref, index) => [ref, images[index]]));
  };
  if (!engine) return { inspect, run: (argvs) => Promise.all(argvs.map(cliRun)) };
  const apiRun = async (argv: readonly string[]): Promise<boolean> => {
    const requests = engineRequests(argv);
    if (!requests) return cliRun(argv);
    const replies = await Promise.all(requests.map((r) => engine(r.method, r.path).catch(() => undefined)));
    // A tag of a name that does not exist (404) did nothing; an untag of one that is gone is done.
    if (replies.every((reply) => reply?.status === 404)) return requests.every((r) => r.method === "DELETE");
    if (replies.every((reply) => reply && (reply.status < 300 || reply.status === 404))) return true;
    return cliRun(argv); // anything else unexpected goes through the CLI
  };
  return { inspect, run: (argvs) => Promise.all(argvs.map(apiRun)) };
}
