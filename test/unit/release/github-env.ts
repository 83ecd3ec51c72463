// Captured GITHUB_* env files → a GitContext, the way the release command reads them.
import { readFileSync } from "node:fs";
import { contextFromGithubEnv, type GitContext } from "../../../scripts/tags/index.ts";

export const fixtures = new URL("../../fixtures/release/", import.meta.url);

export function readEnvFile(name: string): NodeJS.ProcessEnv {
  const lines = readFileSync(new URL(name, fixtures), "utf8")
    .split("\n")
    .filter((line) => line.includes("="));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

export function contextFrom(name: string): GitContext {
  return contextFromGithubEnv(readEnvFile(name), (path) => readFileSync(new URL(path, fixtures), "utf8"));
}
