// Pure planners: every docker call the smoke runner makes, as argv arrays.
import type { ContainerRunOptions, EnvVar } from "./spec-types.ts";

export const smokeLabel = "images.smoke";

/** What every container we create carries: a unique name and the run's label. */
export interface ContainerIdentity {
  name: string;
  runId: string;
}

export function engineCheckArgs(): string[] {
  return ["docker", "version", "--format", "{{.Server.Version}}"];
}

export function inspectImageArgs(image: string): string[] {
  return ["docker", "image", "inspect", "--format", "{{json .Config}}", image];
}

export function identityArgs(id: ContainerIdentity): string[] {
  return ["--name", id.name, "--label", `${smokeLabel}=${id.runId}`];
}

export function runOptionArgs(options: ContainerRunOptions): string[] {
  return [
    ...(options.user ? ["--user", options.user] : []),
    ...(options.privileged ? ["--privileged"] : []),
    ...(options.allocateTty ? ["--tty"] : []),
    ...(options.envFile ? ["--env-file", options.envFile] : []),
    // `-e NAME` makes docker read the value from its own environment: no secret in argv.
    ...options.envVars.flatMap((name) => ["-e", name]),
    ...options.capabilities.flatMap((cap) => ["--cap-add", cap]),
    ...options.bindMounts.flatMap((mount) => ["-v", mount]),
  ];
}

export function envArgs(vars: readonly EnvVar[]): string[] {
  return vars.flatMap((v) => ["-e", `${v.key}=${v.value}`]);
}

export interface CommandRun {
  id: ContainerIdentity;
  image: string;
  options: ContainerRunOptions;
  env: readonly EnvVar[];
  /** [command, ...args]: the command replaces the entrypoint, as container-structure-test does. */
  argv: readonly string[];
  /** Keep the container after exit (setup steps are committed). */
  keep?: boolean;
}

export function commandRunArgs(run: CommandRun): string[] {
  const [command = "", ...args] = run.argv;
  return [
    "docker",
    "run",
    ...(run.keep ? [] : ["--rm"]),
    ...identityArgs(run.id),
    ...runOptionArgs(run.options),
    ...envArgs(run.env),
    "--entrypoint",
    command,
    run.image,
    ...args,
  ];
}

export function commitArgs(container: string, tag: string, runId: string): string[] {
  return ["docker", "commit", "--change", `LABEL ${smokeLabel}=${runId}`, container, tag];
}

/** A stopped container whose filesystem file tests read with `docker cp`. */
export function createArgs(id: ContainerIdentity, image: string): string[] {
  // The trailing command is never run; it only satisfies images without ENTRYPOINT or CMD.
  return ["docker", "create", ...identityArgs(id), image, "true"];
}

/** The first tar header(s) of a path: enough to stat it without copying a whole folder. */
export function statArgs(container: string, path: string): string[] {
  return ["sh", "-c", 'docker cp "$1" - | head -c 16384', "sh", `${container}:${path}`];
}

export function readFileArgs(container: string, path: string): string[] {
  return ["docker", "cp", "--follow-link", `${container}:${path}`, "-"];
}

export interface ServiceRun {
  id: ContainerIdentity;
  image: string;
  options: ContainerRunOptions;
  env: readonly EnvVar[];
  port?: number;
  healthIntervalSeconds: number;
}

export function serviceRunArgs(run: ServiceRun): string[] {
  return [
    "docker",
    "run",
    "--detach",
    ...identityArgs(run.id),
    "--health-interval",
    `${run.healthIntervalSeconds}s`,
    ...runOptionArgs(run.options),
    ...envArgs(run.env),
    // A free host port on loopback only: parallel runs never collide and nothing is exposed.
    ...(run.port === undefined ? [] : ["--publish", `127.0.0.1::${run.port}`]),
    run.image,
  ];
}

export function portArgs(container: string, port: number): string[] {
  return ["docker", "port", container, `${port}/tcp`];
}

export function stateArgs(container: string): string[] {
  return ["docker", "container", "inspect", "--format", "{{json .State}}", container];
}

export function stopArgs(container: string, graceSeconds: number): string[] {
  return ["docker", "stop", "--signal", "SIGTERM", "--time", String(Math.ceil(graceSeconds)), container];
}

export function logsArgs(container: string, tail: number): string[] {
  return ["docker", "logs", "--tail", String(tail), container];
}

export function removeArgs(containers: readonly string[]): string[] {
  return ["docker", "rm", "--force", "--volumes", ...containers];
}

export function listByLabelArgs(runId: string): string[] {
  return ["docker", "ps", "--all", "--quiet", "--filter", `label=${smokeLabel}=${runId}`];
}

export function removeImagesArgs(tags: readonly string[]): string[] {
  return ["docker", "image", "rm", "--force", ...tags];
}

/** Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
export function containerName(runId: string, target: string, index: number): string {
  const slug = target
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return `images-smoke-${runId}-${slug || "image"}-${index}`;
}
