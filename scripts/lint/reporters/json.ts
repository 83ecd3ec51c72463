// Machine report: a JSON array of {file, line, column, code, level, message}.
import type { Finding } from "../types.ts";

export function formatJson(findings: Finding[]): string {
  return JSON.stringify(
    findings.map(({ file, line, column, code, level, message }) => ({ file, line, column, code, level, message })),
    null,
    2,
  );
}
