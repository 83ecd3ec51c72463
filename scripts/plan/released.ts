// What a release publishes: the bake file's `default` group (every target when there is none),
// images only; checks and file outputs are run by builds, never released. Pure.
import type { BakeDefinition } from "../types/bake.ts";
import { kindOf } from "./outputs.ts";

export function releasedTargets(definition: BakeDefinition): string[] {
  const listed = definition.groups.default ?? Object.keys(definition.targets).filter((name) => !name.startsWith("_"));
  return listed.filter((name) => !definition.targets[name] || kindOf(definition.targets[name]) === "image");
}
