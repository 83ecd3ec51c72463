// smoke.yaml text → SmokeSpec with container-structure-test's defaults, or one ConfigError
// that lists every problem with its file and line.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { readYaml, type YamlInput } from "../config/read-yaml.ts";
import { ConfigError } from "../errors/errors.ts";
import { specShape } from "./spec-schema.ts";
import type {
  CommandTest,
  ContainerRunOptions,
  EnvVar,
  FileContentTest,
  FileExistenceTest,
  HttpCheck,
  HttpMethod,
  MetadataTest,
  ServiceTest,
  SmokeSpec,
} from "./spec-types.ts";

type Raw = Record<string, unknown>;

/** How smoke specs are read: YAML 1.1 and yaml.v2's scalars, as container-structure-test reads them. */
const specInput: YamlInput = {
  what: "invalid smoke spec",
  noun: "spec",
  hint: "The format is container-structure-test's schemaVersion 2.0.0 plus serviceTests; see docs/smoke.md.",
  version: "1.1",
  uniqueKeys: true,
  scalarsAsStrings: true,
  whenEmpty: "is empty: it needs at least schemaVersion: 2.0.0",
};

/**
 * Pure: `file` labels errors and anchors a relative envFile. YAML 1.1, as container-structure-test
 * reads it (Go's yaml.v2): `shouldExist: yes` is a boolean there.
 */
export function parseSmokeSpec(text: string, file: string): SmokeSpec {
  return normaliseSpec(readYaml(text, file, specShape, specInput) as Raw, file);
}

export function loadSmokeSpec(file: string): SmokeSpec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError("smoke spec not found or unreadable", {
      file,
      hint: "Write a smoke.yaml in the image's build context (see docs/smoke.md).",
    });
  }
  return parseSmokeSpec(text, file);
}

function normaliseSpec(raw: Raw, file: string): SmokeSpec {
  const metadata = raw.metadataTest as Raw | undefined;
  return {
    file,
    schemaVersion: String(raw.schemaVersion),
    globalEnvVars: envVars(raw.globalEnvVars),
    commandTests: list(raw.commandTests).map(commandTest),
    fileExistenceTests: list(raw.fileExistenceTests).map(fileExistenceTest),
    fileContentTests: list(raw.fileContentTests).map(fileContentTest),
    ...(metadata ? { metadataTest: metadataTest(metadata) } : {}),
    containerRunOptions: runOptions((raw.containerRunOptions as Raw | undefined) ?? {}, dirname(file)),
    serviceTests: list(raw.serviceTests).map(serviceTest),
  };
}

function commandTest(raw: Raw): CommandTest {
  return {
    name: String(raw.name),
    command: String(raw.command),
    args: strings(raw.args),
    envVars: envVars(raw.envVars),
    setup: list<string[]>(raw.setup),
    teardown: list<string[]>(raw.teardown),
    expectedOutput: strings(raw.expectedOutput),
    excludedOutput: strings(raw.excludedOutput),
    expectedError: strings(raw.expectedError),
    excludedError: strings(raw.excludedError),
    exitCode: (raw.exitCode as number | undefined) ?? 0,
  };
}

function fileExistenceTest(raw: Raw): FileExistenceTest {
  return {
    name: String(raw.name),
    path: String(raw.path),
    shouldExist: (raw.shouldExist as boolean | undefined) ?? true,
    ...optional(raw, ["permissions", "uid", "gid", "isExecutableBy"]),
  };
}

function fileContentTest(raw: Raw): FileContentTest {
  return {
    name: String(raw.name),
    path: String(raw.path),
    expectedContents: strings(raw.expectedContents),
    excludedContents: strings(raw.excludedContents),
  };
}

function metadataTest(raw: Raw): MetadataTest {
  return {
    envVars: [...envVars(raw.env), ...envVars(raw.envVars)],
    unboundEnvVars: envVars(raw.unboundEnvVars),
    labels: envVars(raw.labels),
    exposedPorts: strings(raw.exposedPorts),
    unexposedPorts: strings(raw.unexposedPorts),
    volumes: strings(raw.volumes),
    unmountedVolumes: strings(raw.unmountedVolumes),
    ...optional(raw, ["entrypoint", "cmd", "workdir", "user"]),
  };
}

function runOptions(raw: Raw, folder: string): ContainerRunOptions {
  return {
    ...(typeof raw.user === "string" ? { user: raw.user } : {}),
    privileged: raw.privileged === true,
    allocateTty: raw.allocateTty === true,
    ...(typeof raw.envFile === "string" ? { envFile: resolve(folder, raw.envFile) } : {}),
    envVars: strings(raw.envVars),
    capabilities: strings(raw.capabilities),
    bindMounts: strings(raw.bindMounts),
  };
}

function serviceTest(raw: Raw): ServiceTest {
  return {
    name: String(raw.name),
    envVars: envVars(raw.envVars),
    ...optional(raw, ["port", "healthTimeoutSeconds"]),
    healthIntervalSeconds: (raw.healthIntervalSeconds as number | undefined) ?? 1,
    stopGraceSeconds: (raw.stopGraceSeconds as number | undefined) ?? 10,
    expectedExitCode: (raw.expectedExitCode as number | undefined) ?? 0,
    httpChecks: list(raw.httpChecks).map(httpCheck),
  };
}

function httpCheck(raw: Raw): HttpCheck {
  const method = (raw.method as HttpMethod | undefined) ?? "GET";
  return {
    name: typeof raw.name === "string" ? raw.name : `${method} ${String(raw.path)}`,
    path: String(raw.path),
    method,
    ...(typeof raw.body === "string" ? { body: raw.body } : {}),
    headers: (raw.headers as Record<string, string> | undefined) ?? {},
    status: (raw.status as number | undefined) ?? 200,
    bodyRegex: strings(raw.bodyRegex),
    json: (raw.json as Record<string, unknown> | undefined) ?? {},
  };
}

function envVars(value: unknown): EnvVar[] {
  return list(value).map((raw) => ({
    key: String(raw.key),
    value: typeof raw.value === "string" ? raw.value : "",
    isRegex: raw.isRegex === true,
  }));
}

function list<T = Raw>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function strings(value: unknown): string[] {
  return list<unknown>(value).map(String);
}

function optional(raw: Raw, keys: readonly string[]): Raw {
  return Object.fromEntries(keys.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]]));
}
