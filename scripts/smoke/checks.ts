// Pure verdicts: a test's expectations against what was observed → failure messages
// (empty when it passed). Each message shows expected against actual.
import { matchesGoRegex } from "./go-regex.ts";
import type { ImageConfig } from "./image-config.ts";
import type { CommandTest, FileContentTest, FileExistenceTest, MetadataTest } from "./spec-types.ts";
import { modeString, type TarEntry } from "./tar.ts";

export interface Observed {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function checkCommand(test: CommandTest, seen: Observed): string[] {
  return [
    ...test.expectedOutput
      .filter((re) => !matchesGoRegex(re, seen.stdout))
      .map((re) => `expected stdout to match /${re}/\n${quote("stdout", seen.stdout)}`),
    ...test.excludedOutput
      .filter((re) => matchesGoRegex(re, seen.stdout))
      .map((re) => `expected stdout not to match /${re}/\n${quote("stdout", seen.stdout)}`),
    ...test.expectedError
      .filter((re) => !matchesGoRegex(re, seen.stderr))
      .map((re) => `expected stderr to match /${re}/\n${quote("stderr", seen.stderr)}`),
    ...test.excludedError
      .filter((re) => matchesGoRegex(re, seen.stderr))
      .map((re) => `expected stderr not to match /${re}/\n${quote("stderr", seen.stderr)}`),
    ...(seen.exitCode === test.exitCode
      ? []
      : [`expected exit code ${test.exitCode}, got ${seen.exitCode}\n${quote("stderr", seen.stderr)}`]),
  ];
}

const executableBits: Record<NonNullable<FileExistenceTest["isExecutableBy"]>, number> = {
  owner: 0o100,
  group: 0o010,
  other: 0o001,
  any: 0o111,
};

/** `entry` is undefined when the path does not exist; `error` is what docker said then. */
export function checkFileExistence(test: FileExistenceTest, entry: TarEntry | undefined, error = ""): string[] {
  if (!entry)
    return test.shouldExist ? [`expected ${test.path} to exist, it does not${error ? `: ${error.trim()}` : ""}`] : [];
  if (!test.shouldExist) return [`expected ${test.path} not to exist, it does (${modeString(entry)})`];
  const mode = modeString(entry);
  const failures: string[] = [];
  if (test.permissions !== undefined && mode !== test.permissions)
    failures.push(`expected permissions ${test.permissions}, got ${mode}`);
  if (test.uid !== undefined && entry.uid !== test.uid) failures.push(`expected uid ${test.uid}, got ${entry.uid}`);
  if (test.gid !== undefined && entry.gid !== test.gid) failures.push(`expected gid ${test.gid}, got ${entry.gid}`);
  if (test.isExecutableBy && (entry.mode & executableBits[test.isExecutableBy]) === 0)
    failures.push(`expected ${test.path} to be executable by ${test.isExecutableBy}, got ${mode}`);
  return failures;
}

export function checkFileContent(test: FileContentTest, content: string): string[] {
  return [
    ...test.expectedContents
      .filter((re) => !matchesGoRegex(re, content))
      .map((re) => `expected ${test.path} to match /${re}/\n${quote("content", content)}`),
    ...test.excludedContents
      .filter((re) => matchesGoRegex(re, content))
      .map((re) => `expected ${test.path} not to match /${re}/\n${quote("content", content)}`),
  ];
}

export function checkMetadata(test: MetadataTest, config: ImageConfig): string[] {
  return [
    ...test.envVars.flatMap((v) => checkPair("env var", v, config.env)),
    ...test.unboundEnvVars
      .filter((v) => Object.hasOwn(config.env, v.key))
      .map((v) => `expected env var ${v.key} to be unset, it is "${config.env[v.key] ?? ""}"`),
    ...test.labels.flatMap((v) => checkPair("label", v, config.labels)),
    ...test.exposedPorts
      .filter((p) => !hasPort(config.exposedPorts, p))
      .map((p) => `expected port ${p} to be exposed, exposed: ${list(config.exposedPorts)}`),
    ...test.unexposedPorts
      .filter((p) => hasPort(config.exposedPorts, p))
      .map((p) => `expected port ${p} not to be exposed, exposed: ${list(config.exposedPorts)}`),
    ...test.volumes
      .filter((v) => !config.volumes.includes(v))
      .map((v) => `expected volume ${v}, volumes: ${list(config.volumes)}`),
    ...test.unmountedVolumes
      .filter((v) => config.volumes.includes(v))
      .map((v) => `expected no volume ${v}, volumes: ${list(config.volumes)}`),
    ...sameList("entrypoint", test.entrypoint, config.entrypoint),
    ...sameList("cmd", test.cmd, config.cmd),
    ...(test.workdir !== undefined && test.workdir !== config.workdir
      ? [`expected workdir "${test.workdir}", got "${config.workdir}"`]
      : []),
    ...(test.user !== undefined && test.user !== config.user
      ? [`expected user "${test.user}", got "${config.user}"`]
      : []),
  ];
}

function checkPair(
  kind: string,
  expected: { key: string; value: string; isRegex: boolean },
  actual: Record<string, string>,
): string[] {
  const value = actual[expected.key];
  if (value === undefined) return [`expected ${kind} ${expected.key}, it is not set`];
  const ok = expected.isRegex ? matchesGoRegex(expected.value, value) : value === expected.value;
  return ok
    ? []
    : [
        `expected ${kind} ${expected.key} ` +
          `${expected.isRegex ? "to match /" + expected.value + "/" : `= "${expected.value}"`}, got "${value}"`,
      ];
}

/** "8080" matches "8080/tcp", as container-structure-test compares port numbers. */
function hasPort(exposed: readonly string[], port: string): boolean {
  return exposed.some((p) => p === port || (!port.includes("/") && p === `${port}/tcp`));
}

function sameList(name: string, expected: string[] | undefined, actual: string[]): string[] {
  if (expected === undefined) return [];
  const same = expected.length === actual.length && expected.every((item, index) => item === actual[index]);
  return same ? [] : [`expected ${name} ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function list(items: readonly string[]): string {
  return items.length ? items.join(", ") : "(none)";
}

/** The actual text, indented and cut to its last lines so a report stays readable. */
export function quote(label: string, text: string, maxLines = 15): string {
  const lines = text.trimEnd().split("\n");
  const shown = lines.slice(-maxLines).map((line) => `    | ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
  const cut = lines.length > maxLines ? `    | … (${lines.length - maxLines} earlier lines)\n` : "";
  return text.trim() ? `  actual ${label}:\n${cut}${shown.join("\n")}` : `  actual ${label}: (empty)`;
}
