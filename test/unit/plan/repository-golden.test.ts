// The repository's own bake.hcl: its plan and generated override are pinned, per output mode, so a
// change in how other kinds of targets are planned cannot move its image targets.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../../scripts/config/load.ts";
import type { OutputMode } from "../../../scripts/plan/plan.ts";
import { planFixture } from "./plan-fixture.ts";

const dir = "test/fixtures/bake/repository";
const config = loadConfig(".", {});

describe("repository bake.hcl golden", () => {
  test.each(["load", "push", "push-by-digest"] satisfies OutputMode[])("%s: plan and override unchanged", (output) => {
    const expected = JSON.parse(readFileSync(`${dir}/${output}.expected.json`, "utf8")) as unknown;
    expect(JSON.parse(JSON.stringify(planFixture(`${dir}/bake.print.json`, config, output)))).toEqual(expected);
  });
});
