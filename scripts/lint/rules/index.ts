// Every rule the native engine runs, plus the metadata of codes that come from elsewhere
// (DL1000 from the parser, SCxxxx from ShellCheck), for docs and SARIF.
import type { RuleMeta } from "../types.ts";
import type { Rule } from "./context.ts";
import { dnfRules } from "./dnf-rules.ts";
import { instructionRules } from "./instruction-rules.ts";
import { labelRules } from "./label-rules.ts";
import { languagePackageRules } from "./language-package-rules.ts";
import { osPackageRules } from "./os-package-rules.ts";
import { policyRules } from "./policy-rules.ts";
import { runRules } from "./run-rules.ts";
import { stageRules } from "./stage-rules.ts";

export const parseErrorMeta: RuleMeta = {
  code: "DL1000",
  level: "error",
  family: "parser",
  message: "Dockerfile parse error",
  catches:
    "Text Docker cannot parse: unknown instructions, missing arguments, unterminated heredocs, binary or empty files.",
  why: "Nothing else can be checked, and the build would fail anyway.",
  fix: "Fix the syntax at the reported line.",
};

export const allRules: Rule[] = [
  ...instructionRules,
  ...stageRules,
  ...osPackageRules,
  ...dnfRules,
  ...languagePackageRules,
  ...runRules,
  ...labelRules,
  ...policyRules,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));

export const ruleMetas: RuleMeta[] = [parseErrorMeta, ...allRules.map((rule) => rule.meta)];

const byCode = new Map(ruleMetas.map((meta) => [meta.code, meta]));

export function ruleMeta(code: string): RuleMeta | undefined {
  return byCode.get(code);
}
