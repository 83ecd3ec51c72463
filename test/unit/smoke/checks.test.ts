import { describe, expect, it } from "vitest";
import { checkCommand, checkFileContent, checkFileExistence, checkMetadata } from "../../../scripts/smoke/checks.ts";
import { parseImageConfig } from "../../../scripts/smoke/image-config.ts";
import type { CommandTest, MetadataTest } from "../../../scripts/smoke/spec-types.ts";
import type { TarEntry } from "../../../scripts/smoke/tar.ts";
import { fixture } from "./fixtures.ts";

const command = (over: Partial<CommandTest>): CommandTest => ({
  name: "t",
  command: "x",
  args: [],
  envVars: [],
  setup: [],
  teardown: [],
  expectedOutput: [],
  excludedOutput: [],
  expectedError: [],
  excludedError: [],
  exitCode: 0,
  ...over,
});
const entry = (over: Partial<TarEntry>): TarEntry => ({
  name: "f",
  type: "file",
  mode: 0o755,
  uid: 0,
  gid: 0,
  size: 0,
  content: Buffer.alloc(0),
  ...over,
});
const metadata = (over: Partial<MetadataTest>): MetadataTest => ({
  envVars: [],
  unboundEnvVars: [],
  labels: [],
  exposedPorts: [],
  unexposedPorts: [],
  volumes: [],
  unmountedVolumes: [],
  ...over,
});

describe("checkCommand", () => {
  it.each([
    [{ expectedOutput: ["^3\\.11"] }, { stdout: "3.11.2\n", stderr: "", exitCode: 0 }, []],
    [
      { expectedOutput: ["^3\\.12"] },
      { stdout: "3.11.2\n", stderr: "", exitCode: 0 },
      ["expected stdout to match /^3\\.12/"],
    ],
    [
      { excludedOutput: ["Security"] },
      { stdout: "Inst Security", stderr: "", exitCode: 0 },
      ["expected stdout not to match /Security/"],
    ],
    [{ expectedError: ["missing"], exitCode: 64 }, { stdout: "", stderr: "missing X", exitCode: 64 }, []],
    [
      { excludedError: ["(?i)warning"] },
      { stdout: "", stderr: "WARNING: x", exitCode: 0 },
      ["expected stderr not to match /(?i)warning/"],
    ],
    [{}, { stdout: "", stderr: "boom", exitCode: 2 }, ["expected exit code 0, got 2"]],
  ])("%j against %j", (over, seen, expected) => {
    const failures = checkCommand(command(over), seen);
    expect(failures.map((failure) => failure.split("\n")[0])).toEqual(expected);
  });

  it("shows the actual output under a failure", () => {
    expect(
      checkCommand(command({ expectedOutput: ["ok"] }), { stdout: "line 1\nline 2\n", stderr: "", exitCode: 0 })[0],
    ).toBe("expected stdout to match /ok/\n  actual stdout:\n    | line 1\n    | line 2");
  });
});

describe("checkFileExistence", () => {
  const base = { name: "t", path: "/usr/bin/tini", shouldExist: true };
  it.each([
    [base, entry({}), []],
    [base, undefined, ["expected /usr/bin/tini to exist, it does not"]],
    [{ ...base, shouldExist: false }, undefined, []],
    [{ ...base, shouldExist: false }, entry({}), ["expected /usr/bin/tini not to exist, it does (-rwxr-xr-x)"]],
    [
      { ...base, permissions: "-rwxr-xr-x" },
      entry({ mode: 0o700 }),
      ["expected permissions -rwxr-xr-x, got -rwx------"],
    ],
    [{ ...base, uid: 10000, gid: 10000 }, entry({ uid: 0, gid: 10000 }), ["expected uid 10000, got 0"]],
    [
      { ...base, isExecutableBy: "other" as const },
      entry({ mode: 0o750 }),
      ["expected /usr/bin/tini to be executable by other, got -rwxr-x---"],
    ],
    [{ ...base, isExecutableBy: "any" as const }, entry({ mode: 0o001 }), []],
  ])("%j with %j", (test, found, expected) => {
    expect(checkFileExistence(test, found)).toEqual(expected);
  });
});

describe("checkFileContent", () => {
  it("matches regexes against the whole file; (?m) makes ^ match each line", () => {
    const test = {
      name: "t",
      path: "/etc/passwd",
      expectedContents: ["(?m)^agent:x:10000:"],
      excludedContents: ["^agent"],
    };
    expect(checkFileContent(test, "root:x:0:0\nagent:x:10000:10000\n")).toEqual([]);
  });
});

describe("checkMetadata", () => {
  const config = parseImageConfig(fixture("docker", "echo-agent.config.json"));
  it("passes on the echo agent's real config", () => {
    const test = metadata({
      envVars: [{ key: "AGENT_NAME", value: "echo", isRegex: false }],
      labels: [{ key: "org.opencontainers.image.vendor", value: "^fix", isRegex: true }],
      exposedPorts: ["8080", "8080/tcp"],
      unexposedPorts: ["22"],
      volumes: ["/data"],
      entrypoint: ["/usr/bin/tini", "--", "/usr/local/bin/agent-entrypoint.sh"],
      cmd: ["python3", "/app/agent.py"],
      workdir: "/app",
      user: "agent",
    });
    expect(checkMetadata(test, config)).toEqual([]);
  });

  it("reports every mismatch with expected and actual", () => {
    const test = metadata({
      envVars: [
        { key: "AGENT_NAME", value: "chat", isRegex: false },
        { key: "NOPE", value: "", isRegex: false },
      ],
      unboundEnvVars: [{ key: "PORT", value: "", isRegex: false }],
      exposedPorts: ["9090"],
      unexposedPorts: ["8080"],
      entrypoint: [],
      user: "root",
    });
    expect(checkMetadata(test, config)).toEqual([
      'expected env var AGENT_NAME = "chat", got "echo"',
      "expected env var NOPE, it is not set",
      'expected env var PORT to be unset, it is "8080"',
      "expected port 9090 to be exposed, exposed: 8080/tcp",
      "expected port 8080 not to be exposed, exposed: 8080/tcp",
      'expected entrypoint [], got ["/usr/bin/tini","--","/usr/local/bin/agent-entrypoint.sh"]',
      'expected user "root", got "agent"',
    ]);
  });
});
