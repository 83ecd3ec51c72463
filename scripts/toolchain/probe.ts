// The thin shell around the pure checks: runs each probe command once and reads a few files.
import { existsSync, readFileSync } from "node:fs";
import { EngineError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import { engineVersionArgv } from "./engine.ts";
import { debianKeyring, qemuConf, trixiePinPath, trixieSourcePath } from "./fix-plan.ts";
import type { HttpRequest } from "./http.ts";
import { daemonJsonPath } from "./parse.ts";
import type { CommandProbe, Probes, RegistryProbe } from "./types.ts";

export interface ProbeWorld {
  exec: Exec;
  http: HttpRequest;
  readText: (path: string) => string | undefined;
  exists: (path: string) => boolean;
}

export const localFiles = {
  readText: (path: string): string | undefined => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  exists: (path: string): boolean => existsSync(path),
};

export async function probeToolchain(world: ProbeWorld, registryAddress: string): Promise<Probes> {
  const run = (argv: string[]): Promise<CommandProbe | undefined> => runProbe(world.exec, argv);
  const [engine, buildx, driverStatus, compose, shellcheck, debootstrap, dockerd, registryBinary] = await Promise.all([
    run(engineVersionArgv),
    run(["docker", "buildx", "version"]),
    run(["docker", "info", "--format", "{{json .DriverStatus}}"]),
    run(["docker", "compose", "version", "--short"]),
    run(["shellcheck", "--version"]),
    run(["debootstrap", "--version"]),
    run(["sh", "-c", "command -v dockerd"]),
    run(["sh", "-c", "command -v docker-registry"]),
  ]);
  return {
    osRelease: world.readText("/etc/os-release"),
    engine,
    buildx,
    driverStatus,
    compose,
    shellcheck,
    debootstrap,
    dockerdInstalled: dockerd?.exitCode === 0,
    registry: await probeRegistry(world.http, registryAddress),
    registryInstalled: registryBinary?.exitCode === 0,
    binfmt: {
      mounted: world.exists("/proc/sys/fs/binfmt_misc/register"),
      aarch64: world.readText("/proc/sys/fs/binfmt_misc/qemu-aarch64"),
      confInstalled: world.exists(qemuConf),
    },
    daemonJson: world.readText(daemonJsonPath),
    trixieSource: world.exists(trixieSourcePath),
    trixiePin: world.exists(trixiePinPath),
    debianKeyring: world.exists(debianKeyring),
  };
}

export async function probeRegistry(http: HttpRequest, address: string): Promise<RegistryProbe> {
  const response = await http(`http://${address}/v2/`, { timeoutMs: 3_000 });
  if ("error" in response) return { answering: false, error: response.error };
  const apiVersion = response.headers["docker-distribution-api-version"];
  return { answering: response.status === 200, status: response.status, ...(apiVersion ? { apiVersion } : {}) };
}

async function runProbe(exec: Exec, argv: string[]): Promise<CommandProbe | undefined> {
  try {
    const { exitCode, stdout, stderr } = await exec(argv, { check: false, timeoutMs: 20_000 });
    return { exitCode, stdout, stderr };
  } catch (error) {
    if (error instanceof EngineError) return undefined; // not installed
    throw error;
  }
}
