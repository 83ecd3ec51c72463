// Pure: bake definition + requested targets + --image overrides → what to smoke-test.
import { join } from "node:path";
import { UsageError } from "../errors/errors.ts";
import type { BakeDefinition } from "../types/bake.ts";
import type { SmokeItem } from "./runner.ts";

export const specFileName = "smoke.yaml";

export interface SmokeSelection {
  items: SmokeItem[];
  /** Targets without a smoke.yaml: reported, not failed. */
  noSpec: string[];
}

// distribution/reference's grammar: [host[:port]/]path[:tag][@digest]; an image ID fits it too.
const domainPart = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const hostPart = `(?:${domainPart}(?:\\.${domainPart})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const pathPart = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const tagPart = "[\\w][\\w.-]{0,127}";
const digestPart = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const imageReference = new RegExp(`^(?:${hostPart}/)?${pathPart}(?:/${pathPart})*(?::${tagPart})?(?:@${digestPart})?$`);

/** "TARGET=REF" flags → map; a malformed one, or a REF that is not an image reference, is a usage error. */
export function parseImageOverrides(flags: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    flags.map((entry) => {
      const at = entry.indexOf("=");
      if (at <= 0 || at === entry.length - 1)
        throw new UsageError(
          `--image "${entry}" is not TARGET=REF`,
          "Example: --image api=127.0.0.1:5000/images/api:dev",
        );
      const ref = entry.slice(at + 1);
      // Never let a value reach docker's argv where it could read as a flag (`--privileged`).
      if (!imageReference.test(ref)) {
        const hint = "Use [HOST[:PORT]/]NAME[:TAG][@DIGEST], e.g. --image api=127.0.0.1:5000/images/api:dev.";
        throw new UsageError(`--image "${entry}": "${ref}" is not an image reference`, hint);
      }
      return [entry.slice(0, at), ref];
    }),
  );
}

/**
 * An image's smoke spec: smoke.yaml in its build context, beside what the image is built from
 * (one Dockerfile may build several images: the agents share images/agent.Dockerfile).
 */
export function specFileOf(target: { context: string }): string {
  return join(target.context, specFileName);
}

export function selectSmokeItems(
  definition: BakeDefinition,
  requested: readonly string[],
  overrides: Readonly<Record<string, string>>,
  hasFile: (path: string) => boolean,
): SmokeSelection {
  const names =
    requested.length > 0
      ? expand(definition, requested)
      : Object.keys(definition.targets).filter((name) => !name.startsWith("_"));
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name))
      throw new UsageError(
        `--image names target "${name}", which is not selected`,
        `Selected targets: ${names.join(", ") || "(none)"}.`,
      );
  }
  const selection: SmokeSelection = { items: [], noSpec: [] };
  for (const name of names) {
    const target = definition.targets[name];
    if (!target)
      throw new UsageError(`unknown target "${name}"`, `Known targets: ${Object.keys(definition.targets).join(", ")}.`);
    const specFile = specFileOf(target);
    if (!hasFile(specFile)) {
      selection.noSpec.push(name);
      continue;
    }
    const image = overrides[name] ?? target.tags[0];
    if (!image)
      throw new UsageError(`target "${name}" has no tags, so there is no image to test`, `Pass --image ${name}=REF.`);
    selection.items.push({ target: name, image, specFile });
  }
  return selection;
}

function expand(definition: BakeDefinition, requested: readonly string[]): string[] {
  const names = requested.flatMap((name) => definition.groups[name] ?? [name]);
  return [...new Set(names)];
}
