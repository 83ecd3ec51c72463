// What integration tests need: a Docker engine with buildx, and the registry on 127.0.0.1:5000.
import { exec } from "../../scripts/process/exec.ts";
import { engineStatus } from "../../scripts/toolchain/engine.ts";

export const registryHost = "127.0.0.1:5000";

/** undefined when everything is there; otherwise one line saying what is missing. */
export async function engineProblem(): Promise<string | undefined> {
  const engine = await engineStatus(exec);
  if (!engine.ok) return `no Docker engine reachable (${engine.reason ?? "no answer"})`;
  const buildx = await exec(["docker", "buildx", "version"], { check: false }).catch(() => undefined);
  if (!buildx || buildx.exitCode !== 0) return "docker buildx is not installed";
  try {
    const response = await fetch(`http://${registryHost}/v2/`, { signal: AbortSignal.timeout(3000) });
    if (response.status !== 200) return `the registry on ${registryHost} answered ${response.status}`;
  } catch {
    return `no registry answering on ${registryHost}`;
  }
  return undefined;
}

/** The engine's image names (repository:tag), those matching `reference` when given. */
export async function localImageNames(reference?: string): Promise<string[]> {
  const filter = reference ? ["--filter", `reference=${reference}`] : [];
  const listed = await exec(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}", ...filter]);
  return listed.stdout.split("\n").filter(Boolean);
}
