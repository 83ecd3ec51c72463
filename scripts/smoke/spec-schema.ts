// The accepted spec format as data: container-structure-test v2 fields, then our extension.
import type { Shape } from "../config/shape.ts";
import { compileGoRegex } from "./go-regex.ts";

const str: Shape = { kind: "string" };

/** Regexes mean what they mean to container-structure-test: Go's RE2 syntax. */
function regexProblem(text: string): string | undefined {
  try {
    compileGoRegex(text);
    return undefined;
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}
const regex: Shape = { kind: "string", expected: "a string (a regular expression)", check: regexProblem };
const bool: Shape = { kind: "bool" };
const strings: Shape = { kind: "list", of: str };
const regexes: Shape = { kind: "list", of: regex };
const commands: Shape = { kind: "list", of: { kind: "list", of: str } };

const envVar: Shape = { kind: "object", fields: { key: str, value: str, isRegex: bool }, required: ["key"] };
const envVars: Shape = { kind: "list", of: envVar };

const commandTest: Shape = {
  kind: "object",
  required: ["name", "command"],
  fields: {
    name: str,
    command: str,
    args: strings,
    envVars,
    setup: commands,
    teardown: commands,
    expectedOutput: regexes,
    excludedOutput: regexes,
    expectedError: regexes,
    excludedError: regexes,
    exitCode: { kind: "int" },
  },
};

const fileExistenceTest: Shape = {
  kind: "object",
  required: ["name", "path"],
  fields: {
    name: str,
    path: str,
    shouldExist: bool,
    permissions: {
      kind: "string",
      pattern: /^(?:[dalTLDpSugct?]+|-)[r-][w-][x-][r-][w-][x-][r-][w-][x-]$/,
      hint: "is not a Unix permission string like -rwxr-xr-x or drwxr-x---",
    },
    uid: { kind: "int", min: 0 },
    gid: { kind: "int", min: 0 },
    isExecutableBy: { kind: "enum", values: ["owner", "group", "other", "any"] },
  },
};

const fileContentTest: Shape = {
  kind: "object",
  required: ["name", "path"],
  fields: { name: str, path: str, expectedContents: regexes, excludedContents: regexes },
};

const metadataTest: Shape = {
  kind: "object",
  fields: {
    envVars,
    // container-structure-test's older spelling of envVars.
    env: envVars,
    unboundEnvVars: envVars,
    labels: envVars,
    exposedPorts: strings,
    unexposedPorts: strings,
    volumes: strings,
    unmountedVolumes: strings,
    entrypoint: strings,
    cmd: strings,
    workdir: str,
    user: str,
  },
};

const containerRunOptions: Shape = {
  kind: "object",
  fields: {
    user: str,
    privileged: bool,
    allocateTty: bool,
    envFile: str,
    envVars: strings,
    capabilities: strings,
    bindMounts: strings,
  },
};

const httpCheck: Shape = {
  kind: "object",
  required: ["path"],
  fields: {
    name: str,
    path: { kind: "string", pattern: /^\//, hint: "must start with /" },
    method: { kind: "enum", values: ["GET", "POST", "PUT", "DELETE", "HEAD"] },
    body: str,
    headers: { kind: "map", of: str },
    status: { kind: "int", min: 100 },
    bodyRegex: regexes,
    json: { kind: "map", of: { kind: "any" } },
  },
};

const serviceTest: Shape = {
  kind: "object",
  required: ["name"],
  fields: {
    name: str,
    envVars,
    port: { kind: "int", min: 1 },
    healthTimeoutSeconds: { kind: "number", min: 1 },
    healthIntervalSeconds: { kind: "number", min: 1 },
    stopGraceSeconds: { kind: "number", min: 1 },
    expectedExitCode: { kind: "int", min: 0 },
    httpChecks: { kind: "list", of: httpCheck },
  },
};

export const specShape: Shape = {
  kind: "object",
  required: ["schemaVersion"],
  fields: {
    schemaVersion: { kind: "string", pattern: /^2\.0\.0$/, hint: "is not supported: use schemaVersion: 2.0.0" },
    globalEnvVars: envVars,
    commandTests: { kind: "list", of: commandTest },
    fileExistenceTests: { kind: "list", of: fileExistenceTest },
    fileContentTests: { kind: "list", of: fileContentTest },
    metadataTest,
    containerRunOptions,
    // container-structure-test's licence check is Google-specific; accepted and ignored.
    licenseTests: { kind: "list", of: { kind: "object", fields: { debian: bool, files: strings } } },
    serviceTests: { kind: "list", of: serviceTest },
  },
};
