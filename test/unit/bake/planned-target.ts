// One planned image target for run-bake's tests: x/<name>:dev, loaded, with nothing else set.
import type { PlannedTarget } from "../../../scripts/plan/plan.ts";

export function plannedTarget(name: string, fields: Partial<PlannedTarget> = {}): PlannedTarget {
  return {
    name,
    kind: "image",
    image: `x/${name}`,
    requested: true,
    dependsOn: [],
    dockerfile: "Dockerfile",
    context: ".",
    tags: [`x/${name}:dev`],
    labels: {},
    args: {},
    contexts: {},
    cacheFrom: [],
    cacheTo: [],
    platforms: [],
    secrets: [],
    output: ["type=docker"],
    attest: [],
    declared: {},
    kept: {},
    ...fields,
  };
}
