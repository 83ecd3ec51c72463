// One entry per --format value.
import type { Finding } from "../types.ts";
import { formatCheckstyle } from "./checkstyle.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatJunit } from "./junit.ts";
import { formatSarif } from "./sarif.ts";
import { formatTty } from "./tty.ts";

export const formats = ["tty", "json", "sarif", "github", "checkstyle", "junit"] as const;
export type Format = (typeof formats)[number];

export interface ReportInput {
  findings: Finding[];
  files: string[];
  colour: boolean;
  notes: string[];
}

export function report(format: Format, input: ReportInput): string {
  switch (format) {
    case "tty":
      return formatTty(input.findings, { colour: input.colour, files: input.files.length, notes: input.notes });
    case "json":
      return formatJson(input.findings);
    case "sarif":
      return formatSarif(input.findings, "1.0.0");
    case "github":
      return formatGithub(input.findings);
    case "checkstyle":
      return formatCheckstyle(input.findings, input.files);
    case "junit":
      return formatJunit(input.findings, input.files);
  }
}
