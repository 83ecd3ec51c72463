// Real Dockerfiles that break rules on purpose, each next to the findings it must produce
// (test/fixtures/lint/NAME.Dockerfile → NAME.expected.json), with the default config.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { lintSource } from "../../../scripts/lint/engine.ts";
import { defaultLintConfig } from "../../../scripts/lint/types.ts";

const dir = join(import.meta.dirname, "..", "..", "fixtures", "lint");
const names = readdirSync(dir)
  .filter((name) => name.endsWith(".Dockerfile"))
  .sort();

test.each(names)("%s produces exactly its expected findings", (name) => {
  const findings = lintSource(name, readFileSync(join(dir, name), "utf8"), defaultLintConfig).findings;
  const expected: unknown = JSON.parse(
    readFileSync(join(dir, name.replace(/\.Dockerfile$/, ".expected.json")), "utf8"),
  );
  expect(findings.map(({ line, code, level }) => ({ line, code, level }))).toEqual(expected);
});

test("the production example is clean", () => {
  expect(lintSource("p", readFileSync(join(dir, "production.Dockerfile"), "utf8"), defaultLintConfig).findings).toEqual(
    [],
  );
});
