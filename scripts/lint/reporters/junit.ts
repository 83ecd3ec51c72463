// JUnit XML: one test suite per Dockerfile, one failing test case per finding (a clean file is one passing case).
import type { Finding } from "../types.ts";
import { escapeXml } from "./xml.ts";

export function formatJunit(findings: Finding[], files: string[]): string {
  const names = [...new Set([...files, ...findings.map((finding) => finding.file)])];
  const suites = names.map((file) => {
    const own = findings.filter((finding) => finding.file === file);
    const cases =
      own.length === 0
        ? [`    <testcase classname="${escapeXml(file)}" name="lint"/>`]
        : own.map((finding) =>
            [
              `    <testcase classname="${escapeXml(file)}" ` +
                `name="${escapeXml(`${finding.code} line ${finding.line}`)}">`,
              `      <failure type="${finding.level}" message="${escapeXml(finding.message)}">` +
                `${escapeXml(`${file}:${finding.line}:${finding.column} ${finding.code} ${finding.message}`)}` +
                "</failure>",
              "    </testcase>",
            ].join("\n"),
          );
    return [
      `  <testsuite name="${escapeXml(file)}" tests="${Math.max(1, own.length)}" failures="${own.length}" errors="0">`,
      ...cases,
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="images lint" tests="${names.length === 0 ? 0 : suites.length}" failures="${findings.length}">`,
    ...suites,
    "</testsuites>",
  ].join("\n");
}
