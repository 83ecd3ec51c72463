// Small constructors for the three shapes of rule: over RUN scripts, over single instructions,
// and over the whole file (stateful rules that need stages or ordering). What each rule is (level,
// message, what it catches, why, how to fix) is data, keyed by code: `ruleInfo` at the top of each file.
import type { Instruction } from "../dockerfile/model.ts";
import type { ParsedShell } from "../shell/parse-shell.ts";
import type { RuleFamily, RuleMeta } from "../types.ts";
import type { Hit, Rule, RuleContext, RunEntry } from "./context.ts";

type Info = Omit<RuleMeta, "code" | "family">;

/** A table of rule descriptions by code → each rule's metadata, code and family filled in. */
export function ruleInfo<Code extends string>(family: RuleFamily, table: Record<Code, Info>): Record<Code, RuleMeta> {
  const entries = Object.entries<Info>(table).map(([code, info]) => [code, { code, family, ...info }]);
  return Object.fromEntries(entries) as Record<Code, RuleMeta>;
}

/** Fails each RUN (and ONBUILD RUN when meta.onbuild) whose parsed shell `fails`. */
export function runRule(meta: RuleMeta, fails: (shell: ParsedShell, entry: RunEntry) => boolean): Rule {
  const full: RuleMeta = { onbuild: true, ...meta };
  return {
    meta: full,
    check: (ctx) =>
      ctx.runs
        .filter((entry) => (full.onbuild || !entry.onbuild) && entry.info.posix && fails(entry.shell, entry))
        .map((entry) => ({ line: entry.line })),
  };
}

/** Fails each instruction with one of `keywords` for which `fails` returns true or a message. */
export function instructionRule(
  meta: RuleMeta,
  keywords: readonly string[],
  fails: (instruction: Instruction, ctx: RuleContext) => boolean | string,
): Rule {
  const full = meta;
  const wanted = new Set(keywords);
  return {
    meta: full,
    check: (ctx) => {
      const hits: Hit[] = [];
      for (const instruction of ctx.model.instructions) {
        const target = wanted.has(instruction.keyword)
          ? instruction
          : full.onbuild && instruction.trigger && wanted.has(instruction.trigger.keyword)
            ? instruction.trigger
            : undefined;
        if (!target) continue;
        const verdict = fails(target, ctx);
        if (verdict !== false)
          hits.push(
            typeof verdict === "string" ? { line: instruction.line, message: verdict } : { line: instruction.line },
          );
      }
      return hits;
    },
  };
}

/** A rule that walks the file itself. */
export function fileRule(meta: RuleMeta, check: (ctx: RuleContext) => Hit[]): Rule {
  return { meta, check };
}

export function dropQuotes(text: string): string {
  return text.replace(/^["']|["']$/g, "");
}
