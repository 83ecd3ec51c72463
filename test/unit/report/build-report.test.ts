// The build report as data: assembled from the plan, the skips and what bake said, without a build.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { buildReport } from "../../../scripts/report/build-report.ts";
import { planFixture } from "../plan/plan-fixture.ts";

const print = "test/fixtures/bake/fixture-workspace.print.json";
const definition = parseBakePrint(readFileSync(print, "utf8"), "/ws");
const { plan } = planFixture(print, defaultConfig, "push", ["echo-agent"]);
const run = {
  results: { "echo-agent": { digest: `sha256:${"b".repeat(64)}`, names: [] } },
  steps: { "echo-agent": { total: 6, cached: 5 }, "python-agent-base": { total: 4, cached: 4 } },
  durations: { "echo-agent": 1200 },
};

describe("buildReport", () => {
  test("a pushed selection: the dependency is built and not pushed, the skipped target keeps bake's tags", () => {
    const report = buildReport({
      definition,
      plan,
      skipped: { "notes-agent": "unchanged" },
      pushing: true,
      run,
      sizes: { "echo-agent": 1000 },
    });
    expect(report.targets.map((t) => [t.target, t.status, t.pushed, t.reason])).toEqual([
      ["python-agent-base", "built", false, "built as a dependency of the selection; not pushed"],
      ["echo-agent", "built", true, undefined],
      ["notes-agent", "skipped", false, "unchanged"],
    ]);
    expect(report.targets[1]).toMatchObject({
      digest: run.results["echo-agent"].digest,
      size: 1000,
      durationMs: 1200,
      cachedSteps: 5,
      totalSteps: 6,
    });
    expect(report.targets[2]?.tags).toEqual(definition.targets["notes-agent"]?.tags);
  });

  test("a dry run (no bake run) pushes nothing and counts no steps", () => {
    const report = buildReport({ definition, plan, skipped: {}, pushing: true });
    expect(report.targets.every((t) => !t.pushed && t.totalSteps === 0 && t.digest === undefined)).toBe(true);
  });
});
