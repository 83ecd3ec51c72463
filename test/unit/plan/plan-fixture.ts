// Plans a captured `bake --print` fixture with fixed inputs (git context, clock, mirrors, CA file),
// so golden plans and overrides depend on the planner only.
import { readFileSync } from "node:fs";
import type { ImagesConfig } from "../../../scripts/config/types.ts";
import { bakeOverride, type BakeOverride } from "../../../scripts/bake/override.ts";
import { tagSets } from "../../../scripts/tags/tag-sets.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { buildOrder, expandSelection } from "../../../scripts/plan/graph.ts";
import { planBuild, type BuildPlan, type OutputMode } from "../../../scripts/plan/plan.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";

export const fixtureWorkspace = "/ws";

const context: GitContext = {
  eventName: "push",
  ref: "refs/heads/main",
  sha: "0123456789abcdef0123456789abcdef01234567",
  defaultBranch: "main",
  notes: [],
};
const now = new Date("2026-01-02T03:04:05Z");

export interface PlannedFixture {
  plan: BuildPlan;
  override: BakeOverride;
}

export function planFixture(
  printFile: string,
  config: ImagesConfig,
  output: OutputMode,
  selection: readonly string[] = [],
): PlannedFixture {
  const definition = parseBakePrint(readFileSync(printFile, "utf8"), fixtureWorkspace);
  const order = buildOrder(definition, expandSelection(definition, selection));
  const plan = planBuild({
    definition,
    selection,
    config,
    output,
    tagSets: tagSets(order, config, context, { now, shortShaLength: undefined, annotationLevels: undefined }),
    mirrors: config.mirrors,
    cacheScope: { branch: "main", defaultBranch: "main", workspace: fixtureWorkspace, registry: config.registry },
    caFile: "/etc/ssl/certs/ca-certificates.crt",
    attest: "provenance",
    sourceDateEpoch: "1700000000",
  });
  return { plan, override: bakeOverride(plan) };
}
