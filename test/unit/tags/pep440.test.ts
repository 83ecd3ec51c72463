import { describe, expect, test } from "vitest";
import { cleanPep440, isPep440Special, parsePep440, pep440Part } from "../../../scripts/tags/pep440.ts";

describe("PEP 440", () => {
  test.each([
    ["1.2", "1.2", false, [1, 2, 0]],
    ["v1.1.1", "1.1.1", false, [1, 1, 1]],
    ["1.1beta2", "1.1b2", true, [1, 1, 0]],
    ["1.0dev4", "1.0.dev4", true, [1, 0, 0]],
    ["1.2.3rc2", "1.2.3rc2", true, [1, 2, 3]],
    ["1.2post1", "1.2.post1", true, [1, 2, 0]],
    ["1.2-1", "1.2.post1", true, [1, 2, 0]],
    ["1.0-ALPHA.3", "1.0a3", true, [1, 0, 0]],
    ["1.0c1", "1.0rc1", true, [1, 0, 0]],
    ["v2.0.8-beta.67", "2.0.8b67", true, [2, 0, 8]],
    ["2!1.0", "2!1.0", false, [1, 0, 0]],
    ["1.0+Ubuntu-1", "1.0+ubuntu.1", false, [1, 0, 0]],
    ["01.02.003", "1.2.3", false, [1, 2, 3]],
  ])("%s → %s", (input, clean, special, parts) => {
    const version = parsePep440(input);
    expect(version).toBeDefined();
    if (!version) return;
    expect(cleanPep440(version)).toBe(clean);
    expect(isPep440Special(version)).toBe(special);
    expect([0, 1, 2].map((index) => pep440Part(version, index))).toEqual(parts);
  });

  test.each([["sometag"], ["1.0-foo"], ["1..2"], ["v"], ["feature-1"]])("%s is not PEP 440", (input) => {
    expect(parsePep440(input)).toBeUndefined();
  });
});
