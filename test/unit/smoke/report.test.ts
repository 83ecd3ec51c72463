import { describe, expect, it } from "vitest";
import { formatSmokeReport, type SmokeFormat } from "../../../scripts/smoke/report.ts";
import type { SmokeReport } from "../../../scripts/smoke/runner.ts";
import { fixture } from "./fixtures.ts";

const report: SmokeReport = JSON.parse(fixture("report", "report.json")) as SmokeReport;

describe("formatSmokeReport", () => {
  it.each([
    ["tty", "report.tty.txt"],
    ["json", "report.expected.json"],
    ["junit", "report.junit.xml"],
  ] as [SmokeFormat, string][])("%s matches %s", (format, expected) => {
    expect(formatSmokeReport(report, format, false)).toBe(fixture("report", expected));
  });

  it("colours only when asked", () => {
    expect(formatSmokeReport(report, "tty", true)).toContain("\u001b[31m✗\u001b[0m");
    expect(formatSmokeReport(report, "tty", false)).not.toContain("\u001b[");
  });
});
