// Parse metadata-action `flavor` lines (latest=auto, prefix=x,onlatest=true, suffix=…).
import { ConfigError } from "../errors/errors.ts";
import { entryFields, inputList, splitAtEvery } from "./input-list.ts";
import type { Flavor, LatestMode } from "./types.ts";

export const defaultFlavor: Flavor = {
  latest: "auto",
  prefix: "",
  prefixLatest: false,
  suffix: "",
  suffixLatest: false,
};

export function parseFlavor(lines: readonly string[]): Flavor {
  const flavor: Flavor = { ...defaultFlavor };
  for (const line of inputList(lines, "flavor entry")) {
    applyFlavorLine(flavor, line);
  }
  return flavor;
}

function applyFlavorLine(flavor: Flavor, line: string): void {
  // onlatest belongs to the prefix or suffix written before it on the same line.
  let onLatestFor: "prefix" | "suffix" | undefined;
  // flavor.ts splits a field at every "=" and keeps the part after the first one, as we do.
  for (const field of entryFields(line, "flavor entry").map(splitAtEvery)) {
    switch (field.key) {
      case "latest":
        flavor.latest = checkLatest(field.value, line);
        break;
      case "prefix":
      case "suffix":
        flavor[field.key] = field.value;
        onLatestFor = field.key;
        break;
      case "onlatest":
        if (field.value !== "true" && field.value !== "false")
          throw new ConfigError(`onlatest must be true or false in flavor "${line}"`);
        if (onLatestFor === "prefix") flavor.prefixLatest = field.value === "true";
        if (onLatestFor === "suffix") flavor.suffixLatest = field.value === "true";
        break;
      default:
        throw new ConfigError(`unknown flavor entry "${line}"`, {
          hint: "Flavor entries: latest=auto|true|false, prefix=…[,onlatest=true], suffix=…[,onlatest=true].",
        });
    }
  }
}

function checkLatest(value: string, line: string): LatestMode {
  if (value === "auto" || value === "true" || value === "false") return value;
  throw new ConfigError(`latest must be auto, true or false in flavor "${line}"`);
}
