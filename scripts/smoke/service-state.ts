// Pure reading of `docker container inspect --format '{{json .State}}'` and the health verdict.

export type HealthStatus = "starting" | "healthy" | "unhealthy" | "none";

export interface ContainerState {
  running: boolean;
  exitCode: number;
  health: HealthStatus;
  /** Output of the latest HEALTHCHECK probe, for the failure message. */
  lastProbe?: string;
}

interface DockerState {
  Running?: boolean;
  ExitCode?: number;
  Health?: { Status?: string; Log?: { Output?: string; ExitCode?: number }[] | null } | null;
}

export function parseState(json: string): ContainerState {
  const raw = JSON.parse(json) as DockerState;
  const status = raw.Health?.Status;
  const last = raw.Health?.Log?.at(-1);
  return {
    running: raw.Running === true,
    exitCode: raw.ExitCode ?? 0,
    health: status === "starting" || status === "healthy" || status === "unhealthy" ? status : "none",
    ...(last?.Output ? { lastProbe: last.Output.trim() } : {}),
  };
}

export type HealthVerdict = { done: true; failure?: string } | { done: false };

export function healthVerdict(state: ContainerState, elapsedMs: number, timeoutMs: number): HealthVerdict {
  if (state.health === "healthy") return { done: true };
  if (!state.running)
    return { done: true, failure: `the container exited with code ${state.exitCode} before it became healthy` };
  if (state.health === "none")
    return {
      done: true,
      failure: "the image has no HEALTHCHECK: add one to the Dockerfile (service tests wait for it)",
    };
  if (state.health === "unhealthy") return { done: true, failure: `HEALTHCHECK reports unhealthy${probe(state)}` };
  if (elapsedMs >= timeoutMs)
    return {
      done: true,
      failure: `not healthy within ${Math.round(timeoutMs / 1000)}s (status: ${state.health})${probe(state)}`,
    };
  return { done: false };
}

function probe(state: ContainerState): string {
  return state.lastProbe ? `; last probe said: ${state.lastProbe.split("\n").slice(-3).join(" / ")}` : "";
}

export function shutdownFailures(
  exitCode: number,
  expected: number,
  elapsedMs: number,
  graceSeconds: number,
): string[] {
  const failures: string[] = [];
  if (elapsedMs > graceSeconds * 1000)
    failures.push(
      `took ${(elapsedMs / 1000).toFixed(1)}s to stop after ` +
        `SIGTERM, more than the ${graceSeconds}s grace period ` +
        `(docker had to SIGKILL it)`,
    );
  if (exitCode !== expected) {
    const why =
      exitCode === 137
        ? ": it was killed, so SIGTERM was ignored"
        : exitCode === 143
          ? ": the program died from SIGTERM instead of shutting down"
          : "";
    failures.push(
      `expected exit code ${expected} after SIGTERM, got ` +
        `${exitCode}${why} (is tini PID 1, and does the program ` +
        `handle SIGTERM?)`,
    );
  }
  return failures;
}

/** `docker port` prints "127.0.0.1:49153" (one line per binding). */
export function parseHostPort(output: string): number | undefined {
  const match = /:(\d+)\s*$/m.exec(output.trim().split("\n")[0] ?? "");
  return match ? Number(match[1]) : undefined;
}
