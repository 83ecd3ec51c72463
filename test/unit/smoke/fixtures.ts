// Paths and readers for test/fixtures/smoke (real files, input → expected pairs).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const fixtures = join(repoRoot, "test/fixtures/smoke");

export function fixture(...parts: string[]): string {
  return readFileSync(join(fixtures, ...parts), "utf8");
}

export function fixtureBytes(...parts: string[]): Buffer {
  return readFileSync(join(fixtures, ...parts));
}
