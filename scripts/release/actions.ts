// The @actions/core edge: groups, annotations, outputs and the step summary. Only the release
// command imports this file. Outside Actions the same calls print plain text, and outputs and
// summary are written only when GITHUB_OUTPUT / GITHUB_STEP_SUMMARY name files (rehearsals).
import { closeSync, openSync } from "node:fs";
import * as core from "@actions/core";
import { ConfigError } from "../errors/errors.ts";
import { ReleaseFailedError } from "../errors/release.ts";
import type { ReleaseReporter } from "./deps.ts";
import { releaseOutputs, shardSummaryHeader, shardSummaryRows, summaryHeader, summaryRows } from "./format.ts";
import type { ReleaseResult } from "./release.ts";
import type { ShardResult } from "./shard-result.ts";

export function createReporter(env: NodeJS.ProcessEnv, err: (text: string) => void): ReleaseReporter {
  if (env.GITHUB_ACTIONS === "true") {
    return {
      group: (name, step) => core.group(name, step),
      annotate: ({ level, message, file, line, column, title }) => {
        const properties = {
          ...(file ? { file } : {}),
          ...(line ? { startLine: line } : {}),
          ...(column ? { startColumn: column } : {}),
          ...(title ? { title } : {}),
        };
        if (level === "error") core.error(message, properties);
        else core.warning(message, properties);
      },
      log: (line) => core.info(line),
    };
  }
  return {
    group: async (name, step) => {
      err(`── ${name}`);
      return step();
    },
    annotate: ({ level, message, file, line, column }) =>
      err(`${file ? `${file}:${line ?? 1}:${column ?? 1}: ` : ""}${level}: ${message}`),
    log: (line) => err(line),
  };
}

export async function publishResult(result: ReleaseResult, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.GITHUB_OUTPUT) {
    ensureFile(env.GITHUB_OUTPUT);
    for (const [name, value] of Object.entries(releaseOutputs(result))) core.setOutput(name, value);
  }
  if (!env.GITHUB_STEP_SUMMARY) return;
  ensureFile(env.GITHUB_STEP_SUMMARY);
  const header = summaryHeader.map((data) => ({ data, header: true }));
  await core.summary
    .addHeading(`Release ${result.version}`, 2)
    .addRaw(`Registry <code>${result.registry}</code>, platforms ${result.platforms.join(", ")}.`, true)
    .addTable([header, ...summaryRows(result)])
    .write();
}

/** A shard: its result as the `shard-result` output and a summary table of what it staged. */
export async function publishShard(result: ShardResult, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.GITHUB_OUTPUT) {
    ensureFile(env.GITHUB_OUTPUT);
    core.setOutput("shard-result", JSON.stringify(result));
  }
  if (!env.GITHUB_STEP_SUMMARY) return;
  ensureFile(env.GITHUB_STEP_SUMMARY);
  const header = shardSummaryHeader.map((data) => ({ data, header: true }));
  await core.summary
    .addHeading(`Shard ${result.shard} of release ${result.version}`, 2)
    .addTable([header, ...shardSummaryRows(result)])
    .write();
}

/** A failed release: an error annotation at the file and line when the error has them, and a summary line. */
export async function publishFailure(
  error: unknown,
  version: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ReleaseFailedError && env.GITHUB_OUTPUT) {
    // The same read-back as the message, as data: `result` holds the failure report.
    ensureFile(env.GITHUB_OUTPUT);
    core.setOutput("result", JSON.stringify(error.report));
  }
  if (env.GITHUB_ACTIONS === "true") {
    const where =
      error instanceof ConfigError && error.file
        ? { file: error.file, ...(error.line ? { startLine: error.line } : {}) }
        : {};
    core.error(message, { title: "release failed", ...where });
  }
  if (!env.GITHUB_STEP_SUMMARY) return;
  ensureFile(env.GITHUB_STEP_SUMMARY);
  await core.summary
    .addHeading(`Release ${version ?? ""} failed`.replace("  ", " "), 2)
    .addCodeBlock(message)
    .write();
}

/** Actions creates the files; a rehearsal may name ones that do not exist yet (@actions/core refuses those). */
function ensureFile(path: string): void {
  closeSync(openSync(path, "a"));
}
