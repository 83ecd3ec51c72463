// Human and JSON views of a build plan.
import { relative } from "node:path";
import type { BuildPlan } from "./plan.ts";

export function formatPlan(plan: BuildPlan, workspace: string, skipped: Record<string, string> = {}): string {
  const blocks = plan.targets.map((t, index) => {
    const lines = [
      `${index + 1}. ${t.name}${t.requested ? "" : "  (dependency: built, not pushed)"}`,
      `   dockerfile: ${relative(workspace, t.dockerfile)}`,
      `   tags:       ${t.tags.join(", ") || "-"}`,
      `   platforms:  ${t.platforms.join(", ") || "native"}`,
      `   depends on: ${t.dependsOn.join(", ") || "-"}`,
      `   output:     ${t.output.join(" ")}`,
      `   cache-from: ${t.cacheFrom.join(" ") || "-"}`,
      `   cache-to:   ${t.cacheTo.join(" ") || "-"}`,
      ...Object.entries(t.contexts).map(([key, value]) => `   context:    ${key} = ${value}`),
      ...Object.entries(t.labels).map(([key, value]) => `   label:      ${key}=${value}`),
    ];
    return lines.join("\n");
  });
  const skips = Object.entries(skipped).map(([target, reason]) => `skip ${target}: ${reason}`);
  return [...blocks, ...skips].join("\n") || "nothing to build";
}
