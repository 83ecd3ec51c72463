import { describe, expect, test } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { formatDate } from "../../../scripts/tags/date-format.ts";
import { isRawStatement, renderTemplate, type Scope } from "../../../scripts/tags/template.ts";

describe("renderTemplate", () => {
  const scope: Scope = {
    version: "1.2.3",
    major: 1,
    prerelease: ["rc", 1],
    branch: () => "main",
    quirky: "a=b&'c'",
    echo: (args, hash) =>
      `${args.join("|")}${Object.entries(hash)
        .map(([k, v]) => `;${k}=${v}`)
        .join("")}`,
  };
  test.each([
    ["{{version}}", "1.2.3"],
    ["{{ version }}", "1.2.3"],
    ["v{{major}}-x", "v1-x"],
    ["{{prerelease}}", "rc,1"],
    ["{{branch}}-{{unknown}}", "main-"],
    ["{{{version}}}", "1.2.3"],
    ["{{{echo 'YYYY MM' tz='Asia/Tokyo'}}}", "YYYY MM;tz=Asia/Tokyo"],
    ['{{echo "a" b}}', "a|b"],
    ["no mustache", "no mustache"],
    ["a{{! a comment }}b", "ab"],
    ["{{quirky}}", "a&#x3D;b&amp;&#x27;c&#x27;"],
    ["{{{quirky}}}", "a=b&'c'"],
    ["", ""],
  ])("%s → %s", (template, expected) => {
    expect(renderTemplate(template, scope)).toBe(expected);
  });

  test.each([["{{version"], ["{{}}"], ["{{tz='x'}}"], ["{{#if version}}x{{/if}}"], ["{{> partial}}"]])(
    "%s is refused",
    (template) => {
      expect(() => renderTemplate(template, scope)).toThrow(ConfigError);
    },
  );
});

describe("isRawStatement", () => {
  test.each([
    ["{{ raw }}.{{ version }}", false],
    ["{{ version }},{{raw }.", false],
    ["{{ raw }}", true],
    ["{{ raw}}", true],
    ["{{raw}}", true],
    ["v{{raw}}", false],
    ["{{version}}", false],
  ])("%s → %s", (pattern, expected) => {
    expect(isRawStatement(pattern)).toBe(expected);
  });
});

describe("formatDate (moment tokens)", () => {
  const date = new Date("2020-01-10T00:30:05.042Z");
  test.each([
    ["YYYYMMDD", "UTC", "20200110"],
    ["YYYYMMDD-HHmmss", "Asia/Tokyo", "20200110-093005"],
    ["YYYY-MM-DD", "America/Los_Angeles", "2020-01-09"],
    ["YYYY-MM-DDTHH:mm:ss.SSS[Z]", "UTC", "2020-01-10T00:30:05.042Z"],
    ["YYYY-MM-DDTHH:mm:ssZ", "Asia/Kolkata", "2020-01-10T06:00:05+05:30"],
    ["YY M D H m s", "UTC", "20 1 10 0 30 5"],
    ["hh:mm A ddd dddd d DDDD", "UTC", "12:30 AM Fri Friday 5 010"],
    ["X x ZZ", "UTC", "1578616205 1578616205042 +0000"],
    ["[week] YYYY", "UTC", "week 2020"],
  ])("%s in %s → %s", (format, zone, expected) => {
    expect(formatDate(date, format, zone)).toBe(expected);
  });

  test("an unknown zone is a ConfigError", () => {
    expect(() => formatDate(date, "YYYY", "Mars/Olympus")).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
