// The committed rules page must be exactly what the generator produces from the rule definitions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { renderRulesDoc } from "../../../scripts/lint/docs.ts";
import { ruleMetas } from "../../../scripts/lint/rules/index.ts";
import { dockerfileCases, runCases } from "./rule-cases.ts";

const committed = join(import.meta.dirname, "..", "..", "..", "docs", "lint-rules.md");

test("docs/lint-rules.md is up to date (regenerate: npx tsx scripts/lint/write-docs.ts)", () => {
  expect(readFileSync(committed, "utf8")).toBe(renderRulesDoc());
});

test("every rule is documented with what, why and how to fix", () => {
  for (const meta of ruleMetas) {
    expect(meta.catches.length, meta.code).toBeGreaterThan(5);
    expect(meta.why.length, meta.code).toBeGreaterThan(5);
    expect(meta.fix.length, meta.code).toBeGreaterThan(2);
    expect(renderRulesDoc()).toContain(`### ${meta.code}`);
  }
});

test("hadolint's active rule set is covered: DL3000–DL3067 minus retired codes, DL4000–DL4006 minus DL4002", () => {
  const have = new Set(ruleMetas.map((meta) => meta.code));
  const retired = new Set(["DL3005", "DL3017", "DL3031", "DL3039", "DL4002"]);
  const expected = [
    ...Array.from({ length: 68 }, (_, i) => `DL${3000 + i}`),
    ...Array.from({ length: 7 }, (_, i) => `DL${4000 + i}`),
  ].filter((code) => !retired.has(code));
  expect(expected.filter((code) => !have.has(code))).toEqual([]);
});

test("every rule has a case it fires on and one it passes in the rule tables (which the rule tests run)", () => {
  const complete = [...runCases, ...dockerfileCases].filter((item) => item.fires.length > 0 && item.passes.length > 0);
  const covered = new Set(complete.map((item) => item.code));
  expect(ruleMetas.map((meta) => meta.code).filter((code) => !covered.has(code))).toEqual([]);
});
