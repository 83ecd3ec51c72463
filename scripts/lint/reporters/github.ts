// GitHub Actions workflow commands: one annotation per finding on the changed file.
import type { Finding } from "../types.ts";

const commands = { error: "error", warning: "warning", info: "notice", style: "notice" } as const;

/** Property values escape %, CR, LF, `:` and `,`; the message escapes %, CR and LF. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(findings: Finding[]): string {
  return findings
    .map((finding) => {
      const where = `file=${escapeProperty(finding.file)},line=${finding.line},col=${finding.column}`;
      const text = escapeData(`${finding.code} ${finding.message}`);
      return `::${commands[finding.level]} ${where},title=${escapeProperty(finding.code)}::${text}`;
    })
    .join("\n");
}
