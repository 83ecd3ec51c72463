// .hadolint.yaml parsing, layering, CLI flags, thresholds and pragmas.
import { describe, expect, test } from "vitest";
import {
  configFromEnv,
  configCandidates,
  mergeConfig,
  parseConfigText,
  parseLabelOption,
} from "../../../scripts/lint/config.ts";
import { cliConfig } from "../../../scripts/lint/lint-command.ts";
import { failed } from "../../../scripts/lint/lint-files.ts";
import { parsePragma } from "../../../scripts/lint/pragmas.ts";
import type { Finding } from "../../../scripts/lint/types.ts";
import { codes } from "./helpers.ts";

describe("parseConfig", () => {
  test("reads every hadolint key", async () => {
    const text = [
      "ignored: [DL3000]",
      "override: {error: [DL3001], style: [' DL3015']}",
      "trustedRegistries: docker.io",
      "label-schema: {version: semver}",
      "strict-labels: true",
      "failure-threshold: warning",
      "no-fail: false",
      "disable-ignore-pragma: true",
      "format: json",
      "images-policy: {required-labels: [a], inherit-from: [ghcr.io/acme/*]}",
    ].join("\n");
    const config = await parseConfigText(text, ".hadolint.yaml");
    expect(config).toEqual({
      ignored: ["DL3000"],
      override: { error: ["DL3001"], style: ["DL3015"] },
      trustedRegistries: ["docker.io"],
      labelSchema: { version: "semver" },
      strictLabels: true,
      failureThreshold: "warning",
      noFail: false,
      disableIgnorePragma: true,
      requiredLabels: ["a"],
      inheritFrom: ["ghcr.io/acme/*"],
    });
  });
  test("lists every problem at once, each with its line", async () => {
    const text = "ignored: DL3000\nfailure-threshold: loud\nlabel-schema:\n  v: number\ntypo: 1\n";
    await expect(parseConfigText(text, ".hadolint.yaml")).rejects.toThrow(
      expect.objectContaining({
        file: ".hadolint.yaml",
        line: 1,
        message: [
          "invalid lint config: ignored must be a list",
          "  .hadolint.yaml:2: failure-threshold must be one of: " +
            'error, warning, info, style, ignore, none (got "loud")',
          "  .hadolint.yaml:4: label-schema.v must be one of: text, " +
            'url, semver, hash, rfc3339, spdx, email (got "number")',
          "  .hadolint.yaml:5: typo is not a known field (expected one " +
            "of: ignored, override, trustedRegistries, label-schema, " +
            "strict-labels, no-fail, disable-ignore-pragma, shellcheck, " +
            "failure-threshold, format, no-color, images-policy)",
        ].join("\n"),
      }),
    );
  });
  test("searches where hadolint does, workspace first", () => {
    expect(configCandidates("/ws", { HOME: "/h", XDG_CONFIG_HOME: "/x" })).toEqual([
      "/ws/.hadolint.yaml",
      "/ws/.hadolint.yml",
      "/x/hadolint.yaml",
      "/x/hadolint.yml",
      "/h/.config/hadolint.yaml",
      "/h/.config/hadolint.yml",
      "/h/.hadolint/hadolint.yaml",
      "/h/.hadolint/hadolint.yml",
      "/h/hadolint/config.yaml",
      "/h/hadolint/config.yml",
      "/h/.hadolint.yaml",
      "/h/.hadolint.yml",
    ]);
  });
  test("HADOLINT_* variables", () => {
    expect(
      configFromEnv({
        HADOLINT_IGNORE: "DL3000,DL3001",
        HADOLINT_OVERRIDE_ERROR: "DL3015",
        HADOLINT_NOFAIL: "yes",
        HADOLINT_FAILURE_THRESHOLD: "error",
      }),
    ).toEqual({
      ignored: ["DL3000", "DL3001"],
      override: { error: ["DL3015"] },
      noFail: true,
      failureThreshold: "error",
    });
  });
});

describe("CLI flags", () => {
  test("become a config layer", () => {
    expect(
      cliConfig({
        ignore: ["DL3008"],
        error: ["DL3015"],
        "trusted-registry": ["ghcr.io"],
        "require-label": ["version:semver"],
        "failure-threshold": "error",
        "no-fail": true,
        "strict-labels": true,
        "no-shellcheck": true,
      }),
    ).toEqual({
      ignored: ["DL3008"],
      override: { error: ["DL3015"] },
      trustedRegistries: ["ghcr.io"],
      labelSchema: { version: "semver" },
      failureThreshold: "error",
      noFail: true,
      strictLabels: true,
      shellcheck: false,
    });
  });
  test("reject bad values with a usage error", () => {
    expect(() => cliConfig({ "failure-threshold": "loud" })).toThrow(/--failure-threshold must be one of/);
    expect(() => parseLabelOption("version")).toThrow(/NAME:FORMAT/);
  });
});

describe("levels and thresholds", () => {
  const finding = (level: Finding["level"]): Finding => ({
    file: "f",
    line: 1,
    column: 1,
    code: "X",
    level,
    message: "",
  });
  test.each([
    ["info", "info", true],
    ["warning", "info", false],
    ["error", "warning", false],
    ["style", "style", true],
    ["ignore", "style", true],
    ["none", "error", false],
  ] as const)("threshold %s with a %s finding fails: %s", (threshold, level, expected) => {
    expect(failed([finding(level)], mergeConfig({ failureThreshold: threshold }))).toBe(expected);
  });
  test("no-fail never fails", () => {
    expect(failed([finding("error")], mergeConfig({ noFail: true }))).toBe(false);
  });
  test("override changes a level; ignored drops the rule", () => {
    const text = "FROM debian:12\nRUN cd /x\n";
    expect(codes(text, { ignored: ["DL3003"] })).not.toContain("DL3003");
    expect(codes(text, { override: { error: ["DL3003"] } })).toContain("DL3003");
  });
});

describe("pragmas", () => {
  test.each([
    ["hadolint ignore=DL3003", { scope: "line", codes: ["DL3003"] }],
    ["hadolint ignore=DL3003, SC2086 # because", { scope: "line", codes: ["DL3003", "SC2086"] }],
    ["hadolint global ignore=DL3008", { scope: "global", codes: ["DL3008"] }],
    ["hadolint stage ignore=IMG001", { scope: "stage", codes: ["IMG001"] }],
    ["hadolint ignore", undefined],
    ["just a comment", undefined],
  ])("%s", (text, expected) => {
    expect(parsePragma(text)).toEqual(expected);
  });
  test("ignore applies to the next instruction only", () => {
    expect(
      codes("FROM debian:12\n# hadolint ignore=DL3003\nRUN cd /a\nWORKDIR /x\nRUN cd /b\n").filter(
        (code) => code === "DL3003",
      ),
    ).toHaveLength(1);
  });
  test("stage ignore covers its stage only; disable-ignore-pragma turns pragmas off", () => {
    const text = "FROM debian:12 AS a\n# hadolint stage ignore=DL3003\nRUN cd /a\nFROM debian:12\nRUN cd /b\n";
    expect(codes(text).filter((code) => code === "DL3003")).toHaveLength(1);
    expect(codes(text, { disableIgnorePragma: true }).filter((code) => code === "DL3003")).toHaveLength(2);
  });
  test("a stage pragma right before FROM covers the stage that follows", () => {
    expect(
      codes("FROM debian:12 AS a\nRUN cd /a\n# hadolint stage ignore=DL3003\nFROM debian:12\nRUN cd /b\n").filter(
        (code) => code === "DL3003",
      ),
    ).toHaveLength(1);
  });
});

test("a later layer moves a code to another level", () => {
  const config = mergeConfig(
    { override: { error: ["DL3003"], info: ["DL3015"] } },
    { override: { style: ["DL3003"] } },
  );
  expect(config.override).toEqual({ info: ["DL3015"], style: ["DL3003"] });
});
