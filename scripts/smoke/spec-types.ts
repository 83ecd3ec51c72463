// A smoke spec after parsing: container-structure-test's schemaVersion 2.0.0 format
// (field names and defaults as in its pkg/types/v2) plus our `serviceTests` extension.

export interface EnvVar {
  key: string;
  value: string;
  isRegex: boolean;
}

export interface CommandTest {
  name: string;
  command: string;
  args: string[];
  envVars: EnvVar[];
  setup: string[][];
  teardown: string[][];
  expectedOutput: string[];
  excludedOutput: string[];
  expectedError: string[];
  excludedError: string[];
  /** container-structure-test's default is 0. */
  exitCode: number;
}

export type ExecutableBy = "owner" | "group" | "other" | "any";

export interface FileExistenceTest {
  name: string;
  path: string;
  /** Defaults to true, as in container-structure-test. */
  shouldExist: boolean;
  /** Go's FileMode string, e.g. "-rwxr-xr-x" or "drwxr-x---". */
  permissions?: string;
  uid?: number;
  gid?: number;
  isExecutableBy?: ExecutableBy;
}

export interface FileContentTest {
  name: string;
  path: string;
  expectedContents: string[];
  excludedContents: string[];
}

export interface MetadataTest {
  envVars: EnvVar[];
  unboundEnvVars: EnvVar[];
  labels: EnvVar[];
  exposedPorts: string[];
  unexposedPorts: string[];
  volumes: string[];
  unmountedVolumes: string[];
  /** Absent: not checked; [] checks for an empty entrypoint. */
  entrypoint?: string[];
  cmd?: string[];
  workdir?: string;
  user?: string;
}

export interface ContainerRunOptions {
  user?: string;
  privileged: boolean;
  allocateTty: boolean;
  /** Absolute after parsing (relative paths resolve against the spec's folder). */
  envFile?: string;
  /** Names passed through from the caller's environment. */
  envVars: string[];
  capabilities: string[];
  bindMounts: string[];
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";

export interface HttpCheck {
  name: string;
  path: string;
  method: HttpMethod;
  /** Request body, sent as is. */
  body?: string;
  headers: Record<string, string>;
  status: number;
  /** Regexes that must match the response body. */
  bodyRegex: string[];
  /** Dotted JSON path → expected value (compared as JSON). */
  json: Record<string, unknown>;
}

/** Our extension: a running service, health, HTTP checks and a clean SIGTERM shutdown. */
export interface ServiceTest {
  name: string;
  envVars: EnvVar[];
  /** Container port the HTTP checks talk to; published on 127.0.0.1 at a free port. */
  port?: number;
  healthTimeoutSeconds?: number;
  /** Overrides the HEALTHCHECK interval so a healthy state is seen quickly. */
  healthIntervalSeconds: number;
  stopGraceSeconds: number;
  /** Code the main process must exit with after SIGTERM. */
  expectedExitCode: number;
  httpChecks: HttpCheck[];
}

export interface SmokeSpec {
  file: string;
  schemaVersion: string;
  globalEnvVars: EnvVar[];
  commandTests: CommandTest[];
  fileExistenceTests: FileExistenceTest[];
  fileContentTests: FileContentTest[];
  metadataTest?: MetadataTest;
  containerRunOptions: ContainerRunOptions;
  serviceTests: ServiceTest[];
}
