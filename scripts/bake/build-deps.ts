// The stages the build calls around bake: the lint gate before, the smoke specs after.
import { flag, type CommandContext, type OptionValues } from "../cli/command.ts";
import type { ImagesConfig } from "../config/types.ts";
import type { BuildDeps, SmokeItem } from "./build.ts";

export function buildDeps(values: OptionValues): BuildDeps {
  return {
    ...(flag(values, "no-lint") ? {} : { lint: lintStage }),
    ...(flag(values, "no-smoke") ? {} : { smoke: smokeStage }),
  };
}

// Loaded on use: a build with --no-lint --no-smoke should not pay for those stages' imports.
export async function lintStage(ctx: CommandContext, files: string[]): Promise<boolean> {
  const { lintGate } = await import("../lint/gate.ts");
  const gate = await lintGate({ workspace: ctx.workspace, files, exec: ctx.exec, env: ctx.env });
  for (const f of gate.findings) ctx.err(`${f.file}:${f.line}:${f.column} ${f.code} ${f.level}: ${f.message}`);
  ctx.err(gate.summary);
  return gate.passed;
}

export async function smokeStage(ctx: CommandContext, items: SmokeItem[], config: ImagesConfig): Promise<boolean> {
  if (items.length === 0) return true;
  const [{ runSmoke }, { formatSmokeReport }] = await Promise.all([import("../smoke/runner.ts"), import("../smoke/report.ts")]);
  const report = await runSmoke({ items, exec: ctx.exec, parallel: config.smoke.parallel, healthTimeoutSeconds: config.smoke.healthTimeoutSeconds, signal: ctx.signal, log: ctx.err });
  ctx.err(formatSmokeReport(report, "tty", ctx.isTTY));
  return report.passed;
}
