import { describe, expect, test } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { parseFlavor } from "../../../scripts/tags/flavor.ts";

describe("parseFlavor", () => {
  const base = { latest: "auto", prefix: "", prefixLatest: false, suffix: "", suffixLatest: false };
  test.each([
    [[], base],
    [["latest=auto"], base],
    [["latest=true"], { ...base, latest: "true" }],
    [["latest=false"], { ...base, latest: "false" }],
    [["prefix=py312-"], { ...base, prefix: "py312-" }],
    [["prefix=py312-,onlatest=true"], { ...base, prefix: "py312-", prefixLatest: true }],
    [["suffix=-slim,onlatest=true"], { ...base, suffix: "-slim", suffixLatest: true }],
    [["prefix=a-,onlatest=true", "suffix=-b"], { ...base, prefix: "a-", prefixLatest: true, suffix: "-b" }],
    [["prefix=a-,suffix=-b,onlatest=true"], { ...base, prefix: "a-", suffix: "-b", suffixLatest: true }],
    [["latest=false,prefix={{branch}}-"], { ...base, latest: "false", prefix: "{{branch}}-" }],
    [["", "# comment", "latest=true"], { ...base, latest: "true" }],
  ])("%j", (lines, expected) => {
    expect(parseFlavor(lines)).toEqual(expected);
  });

  test.each([
    [["latest=maybe"], /latest must be auto, true or false in flavor "latest=maybe"/],
    [["onlatest=yes"], /onlatest must be true or false/],
    [["labelprefix=x"], /unknown flavor entry "labelprefix=x"/],
    [["latest"], /unknown flavor entry "latest"/],
  ])("%j is refused", (lines, message) => {
    expect(() => parseFlavor(lines)).toThrow(ConfigError);
    expect(() => parseFlavor(lines)).toThrow(message);
  });
});
