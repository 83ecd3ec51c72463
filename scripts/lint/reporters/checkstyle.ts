// Checkstyle XML: what Jenkins, reviewdog and many CI plugins read.
import type { Finding } from "../types.ts";
import { escapeXml } from "./xml.ts";

export function formatCheckstyle(findings: Finding[], files: string[]): string {
  const names = [...new Set([...files, ...findings.map((finding) => finding.file)])];
  const body = names.map((file) => {
    const errors = findings
      .filter((finding) => finding.file === file)
      .map(
        (finding) =>
          `    <error line="${finding.line}" ` +
          `column="${finding.column}" severity="${finding.level}" ` +
          `message="${escapeXml(finding.message)}" ` +
          `source="${escapeXml(finding.code)}"/>`,
      );
    return [`  <file name="${escapeXml(file)}">`, ...errors, "  </file>"].join("\n");
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">', ...body, "</checkstyle>"].join("\n");
}
