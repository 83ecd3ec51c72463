// Which targets cannot build on this machine: one of their build-time URLs does not answer,
// or a target they depend on cannot build. Pure: reachability comes in as data.
import type { BakeDefinition } from "../types/bake.ts";
import { dependenciesOf } from "./graph.ts";

export function unbuildable(
  definition: BakeDefinition,
  order: readonly string[],
  needs: Record<string, string[]>,
  unreachable: ReadonlySet<string>,
): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const name of order) {
    const missing = (needs[name] ?? []).filter((url) => unreachable.has(url));
    const target = definition.targets[name];
    const blocked = target ? dependenciesOf(target).filter((dependency) => dependency in reasons) : [];
    if (missing.length)
      reasons[name] =
        `needs ${missing.join(" and ")}, which ${missing.length > 1 ? "do" : "does"} not answer ` +
        "from this machine (air-gapped?)";
    else if (blocked.length) reasons[name] = `depends on ${blocked.join(", ")}, which cannot be built here`;
  }
  return reasons;
}

/** Every URL the given targets need, once. */
export function neededUrls(order: readonly string[], needs: Record<string, string[]>): string[] {
  return [...new Set(order.flatMap((name) => needs[name] ?? []))];
}
