// SARIF 2.1.0 for GitHub code scanning: one run, rule metadata for every code that appears.
import { ruleMeta } from "../rules/index.ts";
import type { Finding, ReportedLevel } from "../types.ts";

const sarifLevel: Record<ReportedLevel, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
  style: "note",
};
const securitySeverity: Record<ReportedLevel, string> = { error: "8.0", warning: "5.0", info: "2.0", style: "1.0" };

/** Absolute URIs only (code scanning rejects relative ones); our own codes are documented in docs/lint-rules.md. */
function helpUri(code: string): string | undefined {
  if (code.startsWith("SC")) return `https://www.shellcheck.net/wiki/${code}`;
  if (code.startsWith("DL") && code !== "DL1000") return `https://github.com/hadolint/hadolint/wiki/${code}`;
  return undefined;
}

function ruleEntry(code: string, level: ReportedLevel): Record<string, unknown> {
  const meta = ruleMeta(code);
  const text = meta ? meta.message : `ShellCheck ${code}`;
  return {
    id: code,
    name: code,
    shortDescription: { text },
    fullDescription: { text: meta ? `${meta.catches} ${meta.why}` : text },
    help: {
      text: meta ? `${meta.fix} (docs/lint-rules.md#${code.toLowerCase()})` : `See ${helpUri(code) ?? code}`,
      markdown: meta
        ? `**Fix:** ${meta.fix}\n\nSee docs/lint-rules.md, section ${code}.`
        : `See [${code}](${helpUri(code) ?? ""})`,
    },
    ...(helpUri(code) ? { helpUri: helpUri(code) } : {}),
    defaultConfiguration: { level: sarifLevel[level] },
    properties: { tags: [meta?.family ?? "shellcheck"], "security-severity": securitySeverity[level] },
  };
}

/** `uri` is relative to the repository root so code scanning can place the annotation. */
export function formatSarif(findings: Finding[], version: string): string {
  const codes = [...new Set(findings.map((finding) => finding.code))].sort();
  const rules = codes.map((code) =>
    ruleEntry(code, findings.find((finding) => finding.code === code)?.level ?? "warning"),
  );
  const results = findings.map((finding) => ({
    ruleId: finding.code,
    ruleIndex: codes.indexOf(finding.code),
    level: sarifLevel[finding.level],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file, uriBaseId: "%SRCROOT%" },
          region: { startLine: finding.line, startColumn: finding.column },
        },
      },
    ],
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "images-lint", informationUri: "https://github.com/hadolint/hadolint", version, rules },
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
