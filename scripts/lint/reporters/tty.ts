// Human report: findings grouped by file, coloured on a terminal, one summary line.
import type { Finding, ReportedLevel } from "../types.ts";

const colours: Record<ReportedLevel, string> = {
  error: "\u001b[31m",
  warning: "\u001b[33m",
  info: "\u001b[36m",
  style: "\u001b[35m",
};
const reset = "\u001b[0m";
const dim = "\u001b[2m";

export interface TtyOptions {
  colour: boolean;
  files: number;
  notes?: string[];
}

export function formatTty(findings: Finding[], options: TtyOptions): string {
  const paint = (code: string, text: string): string => (options.colour ? `${code}${text}${reset}` : text);
  const lines: string[] = [];
  let current: string | undefined;
  for (const finding of findings) {
    if (finding.file !== current) {
      if (current !== undefined) lines.push("");
      lines.push(paint("\u001b[1m", finding.file));
      current = finding.file;
    }
    const where = paint(dim, `${finding.line}:${finding.column}`.padEnd(7));
    lines.push(
      `  ${where} ` +
        `${paint(colours[finding.level], finding.level.padEnd(7))} ` +
        `${finding.code.padEnd(7)} ${finding.message}`,
    );
  }
  if (findings.length > 0) lines.push("");
  lines.push(...(options.notes ?? []), summaryLine(findings, options.files));
  return lines.join("\n");
}

export function summaryLine(findings: Finding[], files: number): string {
  const count = (level: ReportedLevel): number => findings.filter((finding) => finding.level === level).length;
  const fileWord = files === 1 ? "file" : "files";
  if (findings.length === 0) return `✔ ${files} Dockerfile ${fileWord} linted, no problems`;
  return (
    `✖ ${findings.length} ` +
    `problem${findings.length === 1 ? "" : "s"} in ${files} ` +
    `${fileWord}: ${count("error")} error(s), ` +
    `${count("warning")} warning(s), ${count("info")} info, ` +
    `${count("style")} style`
  );
}
