import { describe, expect, test } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { parseTagRule, parseTagRules } from "../../../scripts/tags/rules.ts";

describe("parseTagRule", () => {
  test.each([
    ["type=schedule", "schedule", { pattern: "nightly", enable: "true" }, 1000],
    ["type=schedule,pattern={{date 'YYYYMMDD'}}", "schedule", { pattern: "{{date 'YYYYMMDD'}}", enable: "true" }, 1000],
    [
      "type=semver,pattern={{version}}",
      "semver",
      { pattern: "{{version}}", value: "", match: "", enable: "true" },
      900,
    ],
    [
      "type=semver,pattern={{major}}.{{minor}},value=v1.2.3",
      "semver",
      { pattern: "{{major}}.{{minor}}", value: "v1.2.3", match: "", enable: "true" },
      900,
    ],
    [
      "type=pep440,pattern={{version}}",
      "pep440",
      { pattern: "{{version}}", value: "", match: "", enable: "true" },
      900,
    ],
    [
      'type=semver,pattern={{version}},"match=v(\\d.\\d.\\d)$"',
      "semver",
      { pattern: "{{version}}", value: "", match: "v(\\d.\\d.\\d)$", enable: "true" },
      900,
    ],
    [
      "type=pep440,pattern={{version}},match=^py-(.*)$,value=py-1.2",
      "pep440",
      { pattern: "{{version}}", value: "py-1.2", match: "^py-(.*)$", enable: "true" },
      900,
    ],
    ["type=match,pattern=v(\\d+),group=1", "match", { pattern: "v(\\d+)", group: "1", value: "", enable: "true" }, 800],
    ['type=match,"pattern=\\d.\\d"', "match", { pattern: "\\d.\\d", group: "0", value: "", enable: "true" }, 800],
    ["type=edge", "edge", { branch: "", enable: "true" }, 700],
    ["type=edge,branch=develop", "edge", { branch: "develop", enable: "true" }, 700],
    ["type=ref,event=branch", "ref", { event: "branch", enable: "true" }, 600],
    ["type=ref,event=tag", "ref", { event: "tag", enable: "true" }, 600],
    ["type=ref,event=pr", "ref", { event: "pr", prefix: "pr-", enable: "true" }, 600],
    ["type=ref,event=pr,prefix=", "ref", { event: "pr", prefix: "", enable: "true" }, 600],
    ["type=raw,value=stable", "raw", { value: "stable", enable: "true" }, 200],
    ["stable", "raw", { value: "stable", enable: "true" }, 200],
    ["type=raw,foo,priority=2000", "raw", { value: "foo", priority: "2000", enable: "true" }, 2000],
    ["type=sha", "sha", { prefix: "sha-", format: "short", enable: "true" }, 100],
    ["type=sha,format=long,prefix=", "sha", { prefix: "", format: "long", enable: "true" }, 100],
    [
      "type=raw,value=x,enable={{is_default_branch}},suffix=-slim",
      "raw",
      { value: "x", enable: "{{is_default_branch}}", suffix: "-slim" },
      200,
    ],
    ["TYPE=raw, Value = spaced ", "raw", { value: "spaced", enable: "true" }, 200],
    ["type=raw,value=a=b", "raw", { value: "a=b", enable: "true" }, 200],
  ])("%s", (line, type, attrs, priority) => {
    const rule = parseTagRule(line);
    expect(rule.type).toBe(type);
    expect(rule.attrs).toEqual(attrs);
    expect(rule.priority).toBe(priority);
  });

  test.each([
    ["type=foo", /unknown tag type "foo"/],
    ["type=semver", /missing pattern attribute in rule "type=semver"/],
    ["type=pep440", /missing pattern/],
    ["type=match", /missing pattern/],
    ["type=match,pattern=x,group=one", /invalid match group "one"/],
    ["type=ref", /missing event attribute/],
    ["type=ref,event=release", /invalid event "release"/],
    ["type=raw", /missing value attribute in rule "type=raw"/],
    ["type=sha,format=medium", /invalid sha format "medium"/],
    ["type=raw,value=x,priority=high", /priority must be a number/],
    ["type=semver,pattern={{version}},match=v(", /invalid match regular expression in rule/],
  ])("%s is refused", (line, message) => {
    expect(() => parseTagRule(line)).toThrow(ConfigError);
    expect(() => parseTagRule(line)).toThrow(message);
  });
});

describe("rules are CSV, read with csv-parse as metadata-action reads them", () => {
  test.each([
    ['type=match,"pattern=\\d{1,3}"', { pattern: "\\d{1,3}", group: "0", value: "", enable: "true" }],
    ['type=raw,"value=say ""hi"""', { value: 'say "hi"', enable: "true" }],
    ["type=raw,value=foo,", { value: "", enable: "true" }],
    ["type=raw,value=a,,suffix=-x", { value: "", suffix: "-x", enable: "true" }],
  ])("%s", (line, attrs) => {
    expect(parseTagRule(line).attrs).toEqual(attrs);
  });

  test.each([
    [
      'type=raw,value=a"b',
      /^tag rule "type=raw,value=a"b": field 2 \(value=a"b\): a quote inside a field that does not start with one$/,
    ],
    ['type=raw,"value=a', /^tag rule "type=raw,"value=a": field 2 \("value=a\): a quote that is never closed$/],
    [
      'type=match,"pattern=x"y',
      /^tag rule "type=match,"pattern=x"y": field 2 \("pattern=x"y\): text after the closing quote of a field$/,
    ],
    ['type=raw, "value=x"', /field 2 \("value=x"\): a quote inside a field/],
  ])("%s is refused with the rule and the field", (line, message) => {
    expect(() => parseTagRule(line)).toThrow(ConfigError);
    expect(() => parseTagRule(line)).toThrow(message);
  });
});

describe("parseTagRules", () => {
  test("sorts by priority, highest first, keeping the written order on ties", () => {
    const rules = parseTagRules([
      "type=sha",
      "type=ref,event=branch",
      "type=raw,value=a",
      "type=semver,pattern={{version}}",
      "type=ref,event=pr",
      "type=raw,value=b,priority=950",
      "type=edge",
      "type=match,pattern=x",
      "type=schedule",
      "type=pep440,pattern={{version}}",
    ]);
    expect(rules.map((rule) => rule.source)).toEqual([
      "type=schedule",
      "type=raw,value=b,priority=950",
      "type=semver,pattern={{version}}",
      "type=pep440,pattern={{version}}",
      "type=match,pattern=x",
      "type=edge",
      "type=ref,event=branch",
      "type=ref,event=pr",
      "type=raw,value=a",
      "type=sha",
    ]);
  });

  test("no rules means metadata-action's defaults", () => {
    expect(parseTagRules([]).map((rule) => rule.source)).toEqual([
      "type=schedule",
      "type=ref,event=branch",
      "type=ref,event=tag",
      "type=ref,event=pr",
    ]);
  });

  test("blank lines and comments are skipped", () => {
    expect(parseTagRules(["", "# a comment", "type=sha"]).map((rule) => rule.type)).toEqual(["sha"]);
  });

  test("a multi-line input is one rule per line, as the action's tags: | input", () => {
    const rules = parseTagRules([
      'type=ref,event=branch\n# comment\n\n  type=match,"pattern=v(\\d{1,3})",group=1  \ntype=sha',
    ]);
    expect(rules.map((rule) => [rule.type, rule.attrs.pattern ?? rule.attrs.event ?? rule.attrs.format])).toEqual([
      ["match", "v(\\d{1,3})"],
      ["ref", "branch"],
      ["sha", "short"],
    ]);
  });

  test("a quote never closed in a list input is an error", () => {
    expect(() => parseTagRules(['type=raw,"value=x'])).toThrow(/a quote that is never closed/);
  });
});
