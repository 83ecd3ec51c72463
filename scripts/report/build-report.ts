// The build report: data first (versioned JSON), then a table for humans.
import type { BakeRun } from "../bake/run-bake.ts";
import { kindOf, type TargetKind } from "../plan/outputs.ts";
import type { BuildPlan } from "../plan/plan.ts";
import type { BakeDefinition } from "../types/bake.ts";

export interface TargetReport {
  target: string;
  /** image, or a target run as its bake file declares it (check, files); absent in older reports: image. */
  kind?: TargetKind;
  /** "" for a target that is not an image. */
  image: string;
  status: "built" | "skipped";
  /** What a check or files target did: "check passed", "files written to ./bin/build". */
  outcome?: string;
  tags: string[];
  digest?: string;
  size?: number;
  durationMs: number;
  cachedSteps: number;
  totalSteps: number;
  /** Why it was skipped, or why it was built although not asked for. */
  reason?: string;
  pushed: boolean;
}

export interface BuildReport {
  schemaVersion: 1;
  targets: TargetReport[];
}

/** What a report is made of: the plan, what was skipped and why, and (after a run) what bake said. */
export interface ReportInput {
  definition: BakeDefinition;
  plan: BuildPlan;
  skipped: Record<string, string>;
  pushing: boolean;
  /** Absent for a dry run or when nothing was left to build. */
  run?: BakeRun;
  sizes?: Record<string, number>;
}

/** Pure: one row per planned target (built, or built as a dependency), then the skipped ones. */
export function buildReport(input: ReportInput): BuildReport {
  const { run, pushing, sizes = {} } = input;
  const fromPlan: TargetReport[] = input.plan.targets.map((t) => {
    const steps = run?.steps[t.name] ?? { total: 0, cached: 0 };
    const digest = run?.results[t.name]?.digest;
    return {
      target: t.name,
      kind: t.kind,
      image: t.image,
      status: "built",
      ...(t.outcome && run ? { outcome: t.outcome } : {}),
      tags: t.tags,
      ...(digest ? { digest } : {}),
      ...(sizes[t.name] !== undefined ? { size: sizes[t.name] } : {}),
      durationMs: run?.durations[t.name] ?? 0,
      cachedSteps: steps.cached,
      totalSteps: steps.total,
      ...(t.requested ? {} : { reason: `built as a dependency${pushing ? " of the selection; not pushed" : ""}` }),
      pushed: pushing && t.requested && t.kind === "image" && run !== undefined,
    };
  });
  const skipped = Object.entries(input.skipped).map(([name, reason]) => skippedRow(input.definition, name, reason));
  return { schemaVersion: 1, targets: [...fromPlan, ...skipped] };
}

function skippedRow(definition: BakeDefinition, target: string, reason: string): TargetReport {
  const declared = definition.targets[target];
  const kind = kindOf(declared ?? { name: target, output: [] });
  const tags = declared?.tags ?? [];
  // Same key order as a built row, so the JSON report reads the same.
  return {
    target,
    kind,
    image: target,
    status: "skipped",
    tags,
    durationMs: 0,
    cachedSteps: 0,
    totalSteps: 0,
    reason,
    pushed: false,
  };
}

export function formatBuildTable(report: BuildReport): string {
  const header = ["TARGET", "STATUS", "CACHED", "DURATION", "SIZE", "DIGEST", "TAGS"];
  // A check or files target has no tags of ours: the last column says what it did instead.
  const rows = report.targets.map((t) => [
    t.target,
    t.status,
    `${t.cachedSteps}/${t.totalSteps}`,
    `${(t.durationMs / 1000).toFixed(1)}s`,
    t.size === undefined ? "-" : formatSize(t.size),
    t.digest ? t.digest.slice(0, 19) : "-",
    (t.kind ?? "image") === "image" ? t.tags.join(", ") || "-" : `(${t.outcome ?? t.kind ?? ""})`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? "").length)));
  const line = (row: string[]): string =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ");
  const notes = report.targets.filter((t) => t.reason).map((t) => `  ${t.target}: ${t.reason}`);
  return [line(header), ...rows.map(line), ...(notes.length ? ["", ...notes] : [])].join("\n");
}

/** Decimal units, as the docker CLI prints them. */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}
