// hadolint 2.15.1's documented verdicts (test/fixtures/lint/hadolint-cases.yaml): every flagged case
// gets the rule, every clean case does not. The case count is the agreement figure we report.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import type { LabelFormat } from "../../../scripts/lint/types.ts";
import { codes } from "./helpers.ts";

interface CaseGroup {
  rule: string;
  topic: string;
  schema?: Record<string, LabelFormat>;
  flagged: string[];
  clean: string[];
}

const groups = parse(
  readFileSync(new URL("../../fixtures/lint/hadolint-cases.yaml", import.meta.url), "utf8"),
) as CaseGroup[];

function dockerfile(snippet: string): string {
  return /^(FROM|ARG)\b/.test(snippet) ? snippet : `FROM fedora:40\n${snippet}\n`;
}

describe.each(groups)("$rule: $topic", ({ rule, schema, flagged, clean }) => {
  const config = schema ? { labelSchema: schema } : {};
  test.each(flagged)("flags %s", (snippet) => {
    expect(codes(dockerfile(snippet), config)).toContain(rule);
  });
  test.each(clean)("passes %s", (snippet) => {
    expect(codes(dockerfile(snippet), config)).not.toContain(rule);
  });
});

test("the table is substantial: at least 200 documented cases", () => {
  expect(groups.reduce((sum, group) => sum + group.flagged.length + group.clean.length, 0)).toBeGreaterThanOrEqual(200);
});
