// SmokeReport → text: tty (per test, failures with expected vs actual), JSON (versioned), JUnit XML.
import type { SmokeImageResult, SmokeReport, SmokeTestResult } from "./run-types.ts";

export type SmokeFormat = "tty" | "json" | "junit";
export const smokeFormats: readonly SmokeFormat[] = ["tty", "json", "junit"];
export const reportSchemaVersion = 1;

export function formatSmokeReport(report: SmokeReport, format: SmokeFormat, color: boolean): string {
  if (format === "json") return `${JSON.stringify({ schemaVersion: reportSchemaVersion, ...report }, null, 2)}\n`;
  if (format === "junit") return junit(report);
  return tty(report, color);
}

function tty(report: SmokeReport, color: boolean): string {
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const blocks = report.results.map((result) => ttyImage(result, paint));
  return `${[...blocks, summary(report, paint)].join("\n\n")}\n`;
}

function ttyImage(result: SmokeImageResult, paint: (code: number, text: string) => string): string {
  const head =
    `${paint(1, result.target)}  ${result.image}  ` + `${result.passed ? paint(32, "passed") : paint(31, "FAILED")}`;
  const lines = result.tests.map((test) => {
    const mark = test.passed ? paint(32, "✓") : paint(31, "✗");
    const body = test.message ? `\n${indent(test.message, "      ")}` : "";
    return `  ${mark} ${test.name} ${paint(2, `(${test.durationMs} ms)`)}${body}`;
  });
  return [head, ...lines].join("\n");
}

function summary(report: SmokeReport, paint: (code: number, text: string) => string): string {
  const tests = report.results.flatMap((result) => result.tests);
  const failedImages = report.results.filter((result) => !result.passed).length;
  const failedTests = tests.filter((test) => !test.passed).length;
  const text =
    `smoke: ${report.results.length} image(s), ${failedImages} ` +
    `failed; ${tests.length} test(s), ${failedTests} failed`;
  return report.passed ? paint(32, text) : paint(31, text);
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

function junit(report: SmokeReport): string {
  const tests = report.results.flatMap((result) => result.tests);
  const suites = report.results.map(junitSuite).join("\n");
  const head =
    `<testsuites name="smoke" tests="${tests.length}" ` + `failures="${countFailed(tests)}" time="${seconds(tests)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites}\n</testsuites>\n`;
}

function junitSuite(result: SmokeImageResult): string {
  const cases = result.tests.map((test) => junitCase(result, test)).join("\n");
  const props = `    <properties>\n      <property name="image" value="${xml(result.image)}"/>\n    </properties>`;
  return (
    `  <testsuite name="${xml(result.target)}" ` +
    `tests="${result.tests.length}" ` +
    `failures="${countFailed(result.tests)}" ` +
    `time="${seconds(result.tests)}">\n${props}\n${cases}\n  ` +
    `</testsuite>`
  );
}

function junitCase(result: SmokeImageResult, test: SmokeTestResult): string {
  const open =
    `    <testcase name="${xml(test.name)}" ` +
    `classname="smoke.${xml(result.target)}" ` +
    `time="${(test.durationMs / 1000).toFixed(3)}"`;
  if (test.passed) return `${open}/>`;
  const message = test.message ?? "failed";
  return (
    `${open}>\n      <failure ` +
    `message="${xml(message.split("\n")[0] ?? "")}">${xml(message)}</failure>\n    </testcase>`
  );
}

function countFailed(tests: readonly SmokeTestResult[]): number {
  return tests.filter((test) => !test.passed).length;
}

function seconds(tests: readonly SmokeTestResult[]): string {
  return (tests.reduce((sum, test) => sum + test.durationMs, 0) / 1000).toFixed(3);
}

function xml(text: string): string {
  // XML 1.0 forbids most control characters even escaped: drop them (ANSI colour codes included).
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  return clean
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
