import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import {
  parseInspectPlatforms,
  platformsWithoutEmulation,
  requireEmulation,
} from "../../../scripts/toolchain/emulation.ts";

const inspect = readFileSync(new URL("../../fixtures/release/buildx-inspect-native.txt", import.meta.url), "utf8");
const inspectQemu = readFileSync(new URL("../../fixtures/release/buildx-inspect-qemu.txt", import.meta.url), "utf8");
const both = ["linux/amd64", "linux/arm64"];

test("the builder's platforms come from `docker buildx inspect`", () => {
  expect(parseInspectPlatforms(inspect)).toEqual(["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/amd64/v4"]);
  expect(parseInspectPlatforms(inspectQemu)).toContain("linux/arm64");
  expect(parseInspectPlatforms("Platforms: linux/amd64*, linux/arm64*\n")).toEqual(["linux/amd64", "linux/arm64"]);
});

test.each([
  [
    "no binfmt, builder native only",
    { binfmtEntries: [], builderPlatforms: parseInspectPlatforms(inspect) },
    ["linux/arm64"],
  ],
  [
    "binfmt_misc mounted but no qemu handler",
    { binfmtEntries: ["register", "status"], builderPlatforms: [] },
    ["linux/arm64"],
  ],
  ["qemu-aarch64 registered", { binfmtEntries: ["register", "status", "qemu-aarch64"], builderPlatforms: [] }, []],
  ["builder lists arm64", { binfmtEntries: [], builderPlatforms: parseInspectPlatforms(inspectQemu) }, []],
])("%s", (_name, facts, missing) => {
  expect(platformsWithoutEmulation(both, "linux/amd64", facts)).toEqual(missing);
});

test("native-only builds never need QEMU", () => {
  expect(
    platformsWithoutEmulation(["linux/amd64"], "linux/amd64", { binfmtEntries: [], builderPlatforms: [] }),
  ).toEqual([]);
});

test("the error says how to get QEMU", () => {
  const check = (): void => requireEmulation(both, "linux/amd64", { binfmtEntries: [], builderPlatforms: [] });
  expect(check).toThrow(/building for linux\/arm64 on linux\/amd64 needs QEMU emulation/);
  expect(check).toThrow(
    expect.objectContaining({
      hint: expect.stringMatching(/apt-get install qemu-user-static binfmt-support.*mount -t binfmt_misc/),
    }),
  );
});
