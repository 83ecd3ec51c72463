// Is the Docker engine there? Used by doctor, and by build/test commands to fail early with EngineError.
import { EngineError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import { parseEngineVersion } from "./parse.ts";

export const engineVersionArgv = ["docker", "version", "--format", "{{.Server.Version}}"];

export interface EngineStatus {
  ok: boolean;
  version?: string;
  reason?: string;
}

/** Pure: what `docker version` printed → status. */
export function interpretEngineVersion(
  result: { exitCode: number; stdout: string; stderr: string } | undefined,
): EngineStatus {
  if (!result) return { ok: false, reason: "the docker CLI is not installed" };
  const version = parseEngineVersion(result.stdout);
  if (result.exitCode === 0 && version) return { ok: true, version };
  const line = result.stderr.trim().split("\n")[0]?.trim();
  return { ok: false, reason: line || `\`docker version\` exited with ${result.exitCode}` };
}

export async function engineStatus(exec: Exec): Promise<EngineStatus> {
  try {
    return interpretEngineVersion(await exec(engineVersionArgv, { check: false, timeoutMs: 20_000 }));
  } catch (error) {
    if (error instanceof EngineError) return interpretEngineVersion(undefined);
    throw error;
  }
}

/** Throws EngineError (one clear line + doctor hint) when the engine is down. */
export async function requireEngine(exec: Exec): Promise<string> {
  const status = await engineStatus(exec);
  if (!status.ok || !status.version)
    throw new EngineError(`the Docker engine is not reachable: ${status.reason ?? "no answer"}`);
  return status.version;
}
