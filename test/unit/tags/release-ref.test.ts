import { describe, expect, test } from "vitest";
import { UsageError } from "../../../scripts/errors/errors.ts";
import { nowFromEnv } from "../../../scripts/tags/clock.ts";
import { isPrereleaseRef, requireSemverRef } from "../../../scripts/tags/release-ref.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";

const at = (ref: string): GitContext => ({ eventName: "push", ref, sha: "abc", notes: [] });

describe("requireSemverRef", () => {
  test.each([
    ["refs/tags/v1.2.3", "1.2.3", false],
    ["refs/tags/1.2.3", "1.2.3", false],
    ["refs/tags/v2.0.0-rc.1", "2.0.0-rc.1", true],
    ["refs/tags/v9.5.7-alpha.2+fork.3", "9.5.7-alpha.2", true],
  ])("%s → %s", (ref, version, prerelease) => {
    expect(requireSemverRef(at(ref))).toBe(version);
    expect(isPrereleaseRef(at(ref))).toBe(prerelease);
  });

  test.each([["refs/heads/main"], ["refs/tags/release1"], ["refs/tags/v1.2"], ["refs/pull/4/merge"], [""]])(
    "%s is refused before anything is built",
    (ref) => {
      expect(() => requireSemverRef(at(ref))).toThrow(UsageError);
      expect(() => requireSemverRef(at(ref))).toThrow(/semver tag such as v1\.2\.3 \(ref refs\/tags\/v1\.2\.3\)/);
    },
  );
});

describe("nowFromEnv", () => {
  const fallback = () => new Date("2026-01-01T00:00:00Z");
  test.each([
    [{}, "2026-01-01T00:00:00.000Z"],
    [{ SOURCE_DATE_EPOCH: "" }, "2026-01-01T00:00:00.000Z"],
    [{ SOURCE_DATE_EPOCH: "0" }, "1970-01-01T00:00:00.000Z"],
    [{ SOURCE_DATE_EPOCH: "1578616200" }, "2020-01-10T00:30:00.000Z"],
  ])("%j → %s", (env, expected) => {
    expect(nowFromEnv(env, fallback).toISOString()).toBe(expected);
  });

  test("a malformed SOURCE_DATE_EPOCH is a ConfigError", () => {
    expect(() => nowFromEnv({ SOURCE_DATE_EPOCH: "yesterday" }, fallback)).toThrow(
      /SOURCE_DATE_EPOCH must be a whole number of seconds/,
    );
  });
});
