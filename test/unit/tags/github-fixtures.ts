// Load the captured GitHub Actions triggers in test/fixtures/github: NAME.env (GITHUB_* as
// captured on a runner), NAME.event.json (the payload) and NAME.expected.json (cases).
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const githubFixtureDir = resolve(import.meta.dirname, "../../fixtures/github");

export interface FixtureCase {
  name: string;
  images: string[];
  tags?: string[];
  flavor?: string[];
  labels?: string[];
  annotations?: string[];
  /** Extra env on top of the captured one (DOCKER_METADATA_PR_HEAD_SHA…). */
  env?: Record<string, string>;
  now: string;
  expected: {
    version: { main: string | null; partial: string[]; latest: boolean };
    tags: string[];
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
}

export function fixtureNames(): string[] {
  return readdirSync(githubFixtureDir)
    .filter((file) => file.endsWith(".expected.json"))
    .map((file) => file.replace(/\.expected\.json$/, ""))
    .sort();
}

/** KEY=VALUE lines, as dumped from a runner's environment. */
export function readEnvFile(name: string): NodeJS.ProcessEnv {
  const text = readFileSync(join(githubFixtureDir, `${name}.env`), "utf8");
  const entries = text
    .split("\n")
    .filter((line) => line.includes("=") && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  return Object.fromEntries(entries);
}

/** Payload paths in the env files are relative to the fixture folder. */
export function readFixtureFile(path: string): string {
  return readFileSync(resolve(githubFixtureDir, path), "utf8");
}

export function readCases(name: string): FixtureCase[] {
  return JSON.parse(readFileSync(join(githubFixtureDir, `${name}.expected.json`), "utf8")) as FixtureCase[];
}
