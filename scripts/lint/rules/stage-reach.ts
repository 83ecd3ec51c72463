// Which stage a line belongs to, and whether that stage ends up in the final image.
import type { RuleContext, Stage } from "./context.ts";

export function stageAt(ctx: RuleContext, line: number): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of ctx.stages) if (stage.from.line <= line) found = stage;
  return found;
}

/** hadolint's view: the last stage, or a stage whose alias another FROM builds upon. */
export function laterStageUses(ctx: RuleContext, line: number): boolean {
  const stage = stageAt(ctx, line);
  if (!stage || stage === ctx.stages.at(-1)) return true;
  return stage.alias !== undefined && ctx.stages.some((other) => other.image === stage.alias);
}
