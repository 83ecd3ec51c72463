// Human and JSON views of a build plan.
import { relative } from "node:path";
import type { BuildPlan, PlannedTarget } from "../plan/plan.ts";

export function formatPlan(plan: BuildPlan, workspace: string, skipped: Record<string, string> = {}): string {
  const blocks = plan.targets.map((t, index) => {
    const lines = [
      `${index + 1}. ${t.name}${t.requested ? "" : "  (dependency: built, not pushed)"}${kindNote(t)}`,
      `   dockerfile: ${t.kept["dockerfile-inline"] === undefined ? relative(workspace, t.dockerfile) : "(inline)"}`,
      `   tags:       ${t.tags.join(", ") || "-"}`,
      `   platforms:  ${t.platforms.join(", ") || "native"}`,
      `   depends on: ${t.dependsOn.join(", ") || "-"}`,
      `   output:     ${t.output.join(" ") || "-"}${t.kind === "image" ? "" : `  → ${whatItDoes(t)}`}`,
      `   cache-from: ${marked(t.cacheFrom, t.declared.cacheFrom)}`,
      `   cache-to:   ${marked(t.cacheTo, t.declared.cacheTo)}`,
      ...t.secrets.map((secret) => `   secret:     ${marked([secret], t.declared.secrets)}`),
      ...(t.attest.length ? [`   attest:     ${marked(t.attest, t.declared.attest)}`] : []),
      ...Object.entries(t.contexts).map(([key, value]) => `   context:    ${key} = ${value}`),
      ...Object.entries(t.labels).map(([key, value]) => `   label:      ${key}=${value}`),
      ...keptLines(t),
    ];
    return lines.join("\n");
  });
  const skips = Object.entries(skipped).map(([target, reason]) => `skip ${target}: ${reason}`);
  return [...blocks, ...skips].join("\n") || "nothing to build";
}

function kindNote(t: PlannedTarget): string {
  return t.kind === "image"
    ? ""
    : `  (${t.kind}: run as the bake file declares; no tags or labels added, never pushed)`;
}

function whatItDoes(t: PlannedTarget): string {
  return t.kind === "check" ? "a check: exports nothing; if it fails, the build fails" : (t.outcome ?? t.kind);
}

/** Entries the bake file declared are marked, so the plan shows what it said beside what we add. */
function marked(entries: readonly string[], declared: readonly string[] = []): string {
  return entries.map((entry) => (declared.includes(entry) ? `${entry} (bake file)` : entry)).join(" ") || "-";
}

/** Attributes bake applies as the file says (we never write them), one line each. */
function keptLines(t: PlannedTarget): string[] {
  return Object.entries(t.kept)
    .filter(([name]) => name !== "dockerfile-inline")
    .map(([name, value]) => `   keeps:      ${name} = ${Array.isArray(value) ? value.join(" ") : String(value)}`);
}
