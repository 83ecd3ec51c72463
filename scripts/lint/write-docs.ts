// Writes docs/lint-rules.md from the rule definitions (the only file write in docs generation).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRulesDoc } from "./docs.ts";

export const rulesDocPath = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "lint-rules.md");

writeFileSync(rulesDocPath, renderRulesDoc());
process.stdout.write(`wrote ${rulesDocPath}\n`);
