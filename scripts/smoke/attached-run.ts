// An attached `docker run` that can always be stopped. Killing the client is not enough: it
// forwards the signal to the container's PID 1, which may ignore it (`sleep infinity`), and then
// both run on. A timeout or an abort removes the container by name; the client exits with it.
import type { ExecResult } from "../process/exec.ts";
import type { ImageRun } from "./run-types.ts";

/** How long a client may outlive its removed container before it is killed. */
const clientGraceMs = 5_000;

export interface AttachedResult extends ExecResult {
  timedOut: boolean;
}

export async function runAttached(
  run: ImageRun,
  name: string,
  argv: readonly string[],
  timeoutMs: number,
): Promise<AttachedResult> {
  const client = new AbortController();
  let stopping: "timeout" | "abort" | undefined;
  let kill: NodeJS.Timeout | undefined;
  const stopContainer = (why: "timeout" | "abort"): void => {
    if (stopping) return;
    stopping = why;
    void run.tracker.release(name).finally(() => (kill = setTimeout(() => client.abort(), clientGraceMs).unref()));
  };
  const timer = setTimeout(() => stopContainer("timeout"), timeoutMs);
  const onAbort = (): void => stopContainer("abort");
  run.signal?.addEventListener("abort", onAbort, { once: true });
  if (run.signal?.aborted) onAbort();
  try {
    const result = await run.exec(argv, { check: false, signal: client.signal });
    run.signal?.throwIfAborted();
    return { ...result, timedOut: stopping === "timeout" };
  } finally {
    clearTimeout(timer);
    clearTimeout(kill);
    run.signal?.removeEventListener("abort", onAbort);
  }
}
