import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { neededUrls, unbuildable } from "../../../scripts/plan/needs.ts";

const definition = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), "/ws");
const order = ["api", "python-agent-base", "echo-agent", "notes-agent"];
const pypi = "https://pypi.org/simple/";
const needs = { "python-agent-base": [pypi], "notes-agent": [pypi, "https://example.invalid/"] };

test("a target whose URL does not answer cannot build, nor can what depends on it", () => {
  expect(unbuildable(definition, order, needs, new Set([pypi]))).toEqual({
    "python-agent-base": `needs ${pypi}, which does not answer from this machine (air-gapped?)`,
    "echo-agent": "depends on python-agent-base, which cannot be built here",
    "notes-agent": `needs ${pypi}, which does not answer from this machine (air-gapped?)`,
  });
});

test("two URLs that do not answer are named together, in the plural", () => {
  const both = new Set([pypi, "https://example.invalid/"]);
  expect(unbuildable(definition, order, needs, both)["notes-agent"]).toBe(
    `needs ${pypi} and https://example.invalid/, which do not answer from this machine (air-gapped?)`,
  );
});

test("everything builds when every URL answers", () => {
  expect(unbuildable(definition, order, needs, new Set())).toEqual({});
});

test("each needed URL is probed once", () => {
  expect(neededUrls(order, needs)).toEqual([pypi, "https://example.invalid/"]);
});
