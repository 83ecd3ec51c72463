// The lint gate in front of build and release: the workspace's .hadolint.yaml and threshold, native engine.
import type { Exec } from "../process/exec.ts";
import { readBakeLabels, type BakeLabels } from "./bake-labels.ts";
import { resolveTargets } from "./discover.ts";
import { failed, lintFiles } from "./lint-files.ts";
import { summaryLine } from "./reporters/tty.ts";
import { resolveLintConfig } from "./resolve-config.ts";
import type { Finding } from "./types.ts";

export type { Finding } from "./types.ts";

export interface LintGateOptions {
  workspace: string;
  files?: string[];
  exec: Exec;
  env: NodeJS.ProcessEnv;
  /** The labels bake sets per Dockerfile, when the caller has read the bake file already (a build). */
  bakeLabels?: BakeLabels;
}

export async function lintGate(
  options: LintGateOptions,
): Promise<{ passed: boolean; findings: Finding[]; summary: string }> {
  const { config, configFile } = await resolveLintConfig({ workspace: options.workspace, env: options.env });
  const files = resolveTargets(options.files ?? [], options.workspace, options.workspace);
  const bakeLabels = options.bakeLabels ?? (await readBakeLabels(options)).labels;
  const result = await lintFiles({
    workspace: options.workspace,
    files,
    config,
    configFile,
    engine: "native",
    exec: options.exec,
    env: options.env,
    bakeLabels,
  });
  const passed = !failed(result.findings, config);
  const summary =
    `lint ${passed ? "passed" : "failed"} (threshold ` +
    `${config.failureThreshold}): ` +
    `${summaryLine(result.findings, files.length)}`;
  return { passed, findings: result.findings, summary };
}
