import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { buildOrder, dependentsOf, expandSelection } from "../../../scripts/plan/graph.ts";
import type { BakeDefinition } from "../../../scripts/types/bake.ts";

const definition = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), "/ws");
const withGroups: BakeDefinition = {
  ...definition,
  groups: { ...definition.groups, agents: ["echo-agent", "notes-agent"] },
};

describe("selection and order", () => {
  test.each([
    [[], ["api", "echo-agent", "notes-agent", "python-agent-base"]],
    [["agents"], ["echo-agent", "notes-agent"]],
    [["echo-agent", "echo-agent"], ["echo-agent"]],
  ])("expandSelection(%j)", (selection, expected) => {
    expect(expandSelection(withGroups, selection).sort()).toEqual(expected);
  });

  test("an unknown target lists the valid ones", () => {
    expect(() => expandSelection(withGroups, ["nope"])).toThrow(/unknown target "nope"/);
    expect(() => expandSelection(withGroups, ["nope"])).toThrow(
      expect.objectContaining({
        hint: expect.stringMatching(
          /Valid targets: api, echo-agent, notes-agent, python-agent-base; groups: agents, default/,
        ),
      }),
    );
  });

  test("dependencies come first and are added when not asked for", () => {
    expect(buildOrder(definition, ["notes-agent"])).toEqual(["python-agent-base", "notes-agent"]);
    const order = buildOrder(definition, ["echo-agent", "notes-agent", "python-agent-base"]);
    expect(order.indexOf("python-agent-base")).toBe(0);
  });

  test("a cycle is an error that names it", () => {
    const cyclic: BakeDefinition = {
      groups: {},
      targets: {
        a: { ...(definition.targets.api as BakeDefinition["targets"][string]), name: "a", contexts: { x: "target:b" } },
        b: { ...(definition.targets.api as BakeDefinition["targets"][string]), name: "b", contexts: { y: "target:a" } },
      },
    };
    expect(() => buildOrder(cyclic, ["a"])).toThrow(/dependency cycle: a → b → a/);
  });

  test("dependents of the base are every agent", () => {
    expect(dependentsOf(definition, "python-agent-base").sort()).toEqual(["echo-agent", "notes-agent"]);
  });
});
