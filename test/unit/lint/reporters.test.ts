// Each --format for the same findings.
import { describe, expect, test } from "vitest";
import { report } from "../../../scripts/lint/reporters/index.ts";
import type { Finding } from "../../../scripts/lint/types.ts";

const findings: Finding[] = [
  {
    file: "images/api/Dockerfile",
    line: 3,
    column: 1,
    code: "DL3008",
    level: "warning",
    message: 'Pin versions, <please> & "thanks"',
  },
  {
    file: "images/api/Dockerfile",
    line: 7,
    column: 5,
    code: "SC2086",
    level: "info",
    message: "Double quote: 100%,\nreally",
  },
];
const input = { findings, files: ["images/api/Dockerfile", "base/Dockerfile"], colour: false, notes: [] };

describe("reporters", () => {
  test("json is the documented array", () => {
    expect(JSON.parse(report("json", input))).toEqual(findings);
  });
  test("tty groups by file and ends with a summary", () => {
    const text = report("tty", input);
    expect(text.split("\n")[0]).toBe("images/api/Dockerfile");
    expect(text).toContain("3:1     warning DL3008");
    expect(text.trim().split("\n").at(-1)).toBe("✖ 2 problems in 2 files: 0 error(s), 1 warning(s), 1 info, 0 style");
    expect(report("tty", { ...input, colour: true })).toContain("\u001b[33mwarning");
    expect(report("tty", { ...input, findings: [], notes: ["note: x"] })).toBe(
      "note: x\n✔ 2 Dockerfile files linted, no problems",
    );
  });
  test("github annotations escape data and properties", () => {
    expect(report("github", input).split("\n")).toEqual([
      '::warning file=images/api/Dockerfile,line=3,col=1,title=DL3008::DL3008 Pin versions, <please> & "thanks"',
      "::notice file=images/api/Dockerfile,line=7,col=5,title=SC2086::SC2086 Double quote: 100%25,%0Areally",
    ]);
  });
  test("sarif 2.1.0 has rule metadata and results pointing at the files", () => {
    const sarif = JSON.parse(report("sarif", input)) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string; fullDescription: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run?.tool.driver.rules.map((rule) => rule.id)).toEqual(["DL3008", "SC2086"]);
    expect(run?.tool.driver.rules[0]?.fullDescription.text).toMatch(/apt-get install/);
    expect(run?.tool.driver.rules[1]?.helpUri).toBe("https://www.shellcheck.net/wiki/SC2086");
    expect(
      run?.results.map((result) => [
        result.ruleId,
        result.ruleIndex,
        result.level,
        result.locations[0]?.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ["DL3008", 0, "warning", 3],
      ["SC2086", 1, "note", 7],
    ]);
  });
  test("checkstyle lists every file and escapes XML", () => {
    const xml = report("checkstyle", input);
    expect(xml).toContain('<file name="base/Dockerfile">');
    expect(xml).toContain('message="Pin versions, &lt;please&gt; &amp; &quot;thanks&quot;" source="DL3008"');
  });
  test("junit has one suite per file, a failure per finding, a passing case for clean files", () => {
    const xml = report("junit", input);
    expect(xml).toContain('<testsuite name="images/api/Dockerfile" tests="2" failures="2" errors="0">');
    expect(xml).toContain('<testsuite name="base/Dockerfile" tests="1" failures="0" errors="0">');
    expect(xml.match(/<failure /g)).toHaveLength(2);
  });
});
