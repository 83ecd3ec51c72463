// The stages the build calls around bake: the lint gate before, the smoke specs after.
import { flag, type CommandContext, type OptionValues } from "../cli/command.ts";
import type { ImagesConfig } from "../config/types.ts";
import { setupAllowed } from "../setup/allowed.ts";
import type { SmokeItem } from "../smoke/runner.ts";
import type { BakeDefinition } from "../types/bake.ts";
import type { BuildDeps, BuildSetup } from "./build.ts";

export function buildDeps(values: OptionValues, env: NodeJS.ProcessEnv): BuildDeps {
  return {
    ...(flag(values, "no-lint") ? {} : { lint: lintStage }),
    ...(flag(values, "no-smoke") ? {} : { smoke: smokeStage }),
    setup: setupStage(setupAllowed(flag(values, "no-setup"), env)),
  };
}

/** First-run set-up (or, when it is off, the errors that name each command). */
export function setupStage(allowed: boolean): BuildSetup {
  return {
    engine: async (ctx) => (await import("../setup/apply.ts")).ensureEngine(ctx, allowed),
    mirrors: async (ctx, plan, mirrors, nativePlatform) => {
      const { ensureMirrors } = await import("../setup/apply.ts");
      await ensureMirrors(ctx, plan, mirrors, nativePlatform, allowed);
    },
  };
}

// Loaded on use: a build with --no-lint --no-smoke should not pay for those stages' imports.
export async function lintStage(ctx: CommandContext, files: string[], definition: BakeDefinition): Promise<boolean> {
  const [{ lintGate }, { bakeLabelsByDockerfile }] = await Promise.all([
    import("../lint/gate.ts"),
    import("../lint/bake-labels.ts"),
  ]);
  const gate = await lintGate({
    workspace: ctx.workspace,
    files,
    exec: ctx.exec,
    env: ctx.env,
    bakeLabels: bakeLabelsByDockerfile(definition),
  });
  for (const f of gate.findings) ctx.err(`${f.file}:${f.line}:${f.column} ${f.code} ${f.level}: ${f.message}`);
  ctx.err(gate.summary);
  return gate.passed;
}

export async function smokeStage(ctx: CommandContext, items: SmokeItem[], config: ImagesConfig): Promise<boolean> {
  if (items.length === 0) return true;
  const [{ runSmoke }, { formatSmokeReport }] = await Promise.all([
    import("../smoke/runner.ts"),
    import("../smoke/report.ts"),
  ]);
  const report = await runSmoke({
    items,
    exec: ctx.exec,
    parallel: config.smoke.parallel,
    healthTimeoutSeconds: config.smoke.healthTimeoutSeconds,
    signal: ctx.signal,
    log: ctx.err,
  });
  ctx.err(formatSmokeReport(report, "tty", ctx.isTTY));
  return report.passed;
}
