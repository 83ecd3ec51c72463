// The target graph: edges come from `target:` named contexts. Pure.
import { UsageError } from "../errors/errors.ts";
import type { BakeDefinition, BakeTarget } from "../types/bake.ts";

export function dependenciesOf(target: BakeTarget): string[] {
  return Object.values(target.contexts)
    .filter((source) => source.startsWith("target:"))
    .map((source) => source.slice("target:".length));
}

/** Expands groups, checks names, and returns the requested target names (no dependencies yet). */
export function expandSelection(definition: BakeDefinition, selection: readonly string[]): string[] {
  const names = selection.length ? selection : ["default"];
  const seen = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (definition.targets[name]) seen.add(name);
    else if (definition.groups[name] && !trail.includes(name))
      definition.groups[name].forEach((child) => visit(child, [...trail, name]));
    else throw unknownTarget(name, definition);
  };
  names.forEach((name) => visit(name, []));
  return [...seen];
}

function unknownTarget(name: string, definition: BakeDefinition): UsageError {
  const targets = Object.keys(definition.targets).sort();
  const groups = Object.keys(definition.groups).sort();
  return new UsageError(
    `unknown target "${name}"`,
    `Valid targets: ${targets.join(", ")}${groups.length ? `; groups: ${groups.join(", ")}` : ""}.`,
  );
}

/** Requested targets plus everything they depend on, dependencies first. */
export function buildOrder(definition: BakeDefinition, requested: readonly string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting")
      throw new UsageError(
        `dependency cycle: ${[...path, name].join(" → ")}`,
        "Remove one of the target: contexts in the cycle.",
      );
    const target = definition.targets[name];
    if (!target) throw unknownTarget(name, definition);
    state.set(name, "visiting");
    dependenciesOf(target).forEach((dependency) => visit(dependency, [...path, name]));
    state.set(name, "done");
    order.push(name);
  };
  [...requested].sort().forEach((name) => visit(name, []));
  return order;
}

/** Every target that depends, directly or not, on `name`. */
export function dependentsOf(definition: BakeDefinition, name: string): string[] {
  const direct = Object.values(definition.targets)
    .filter((target) => dependenciesOf(target).includes(name))
    .map((target) => target.name);
  return [...new Set(direct.flatMap((child) => [child, ...dependentsOf(definition, child)]))];
}
