// Shared test helpers: lint a snippet in memory and look at the codes it produced.
import { mergeConfig } from "../../../scripts/lint/config.ts";
import { lintSource } from "../../../scripts/lint/engine.ts";
import type { Finding, LintConfig } from "../../../scripts/lint/types.ts";

export function lint(text: string, config: Partial<LintConfig> = {}): Finding[] {
  return lintSource("Dockerfile", text, mergeConfig(config)).findings;
}

export function codes(text: string, config: Partial<LintConfig> = {}): string[] {
  return lint(text, config).map((finding) => finding.code);
}

/** A RUN-style snippet in a minimal stage; with `onbuild`, the instruction goes behind ONBUILD. */
export function inStage(snippet: string, onbuild = false): string {
  return `FROM debian:12\n${onbuild ? `ONBUILD ${snippet}` : snippet}\n`;
}
