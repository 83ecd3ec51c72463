// The repository's own bake.hcl: its plan and generated override were captured before targets of
// other kinds were planned differently, per output mode. The override must not move at all; the
// plan keeps every captured field (fields added since, such as `kind`, come on top).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../../scripts/config/load.ts";
import type { OutputMode, PlannedTarget } from "../../../scripts/plan/plan.ts";
import { planFixture, type PlannedFixture } from "./plan-fixture.ts";

const dir = "test/fixtures/bake/repository";
const config = loadConfig(".", {});

function captured(target: PlannedTarget, like: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(like).map((key) => [key, target[key as keyof PlannedTarget]]));
}

describe("repository bake.hcl golden", () => {
  test.each(["load", "push", "push-by-digest"] satisfies OutputMode[])(
    "%s: override and captured plan fields unchanged",
    (output) => {
      const expected = JSON.parse(readFileSync(`${dir}/${output}.expected.json`, "utf8")) as PlannedFixture;
      const actual = JSON.parse(
        JSON.stringify(planFixture(`${dir}/bake.print.json`, config, output)),
      ) as PlannedFixture;
      expect(actual.override).toEqual(expected.override);
      expect(actual.plan.targets.map((t, i) => captured(t, expected.plan.targets[i] ?? {}))).toEqual(
        expected.plan.targets,
      );
      expect(actual.plan.targets.map((t) => t.kind)).toEqual(expected.plan.targets.map(() => "image"));
    },
  );
});
