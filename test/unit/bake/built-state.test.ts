// `--changed` skips a target only when a finished build recorded its hash: a label bake wrote
// before a failing smoke run is not enough.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  isRecordedBuilt,
  readBuiltRecord,
  updateBuiltRecord,
  writeBuiltRecord,
  type BuiltRecord,
} from "../../../scripts/bake/built-state.ts";
import { inputHashLabel } from "../../../scripts/plan/input-hash.ts";

const image = { id: "sha256:aaa", labels: { [inputHashLabel]: "h1" } };
const passed: BuiltRecord = {
  schemaVersion: 1,
  targets: { api: { inputHash: "h1", imageId: "sha256:aaa", smoke: "passed" } },
};
const none: BuiltRecord = { schemaVersion: 1, targets: {} };

describe("isRecordedBuilt", () => {
  test.each([
    ["the label matches but no finished build was recorded (smoke failed)", none, image, false],
    ["recorded for this hash and this image", passed, image, true],
    ["recorded for this hash, but the tag now names another image", passed, { ...image, id: "sha256:bbb" }, false],
    ["recorded, but the image carries another hash", passed, { ...image, labels: { [inputHashLabel]: "h0" } }, false],
    ["recorded, but the image has no labels", passed, { ...image, labels: null }, false],
  ])("%s → %s", (_, record, seen, built) => {
    expect(isRecordedBuilt(record, "api", "h1", seen)).toBe(built);
  });
});

describe("the record", () => {
  test("a finished build replaces entries; a failed smoke run removes them", () => {
    const next = updateBuiltRecord(passed, { web: { inputHash: "h2", imageId: "sha256:ccc", smoke: "off" } }, ["api"]);
    expect(next).toEqual({
      schemaVersion: 1,
      targets: { web: { inputHash: "h2", imageId: "sha256:ccc", smoke: "off" } },
    });
  });

  test("round-trips through its file; a foreign or broken file reads as empty (the worst case is a rebuild)", () => {
    const dir = mkdtempSync(join(tmpdir(), "built-"));
    const file = join(dir, ".cache", "built-images.json");
    writeBuiltRecord(file, passed);
    expect(readBuiltRecord(file)).toEqual(passed);
    writeFileSync(file, '{"schemaVersion": 2, "targets": {}}');
    expect(readBuiltRecord(file)).toEqual(none);
    writeFileSync(file, "{not json");
    expect(readBuiltRecord(file)).toEqual(none);
  });
});
