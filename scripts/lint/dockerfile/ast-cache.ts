// Why: dockerfile-ast rescans an instruction's text for its arguments every time they are asked for,
// and its own parser asks about nine times per instruction (the JSON-form constructor, flag detection,
// argument ranges, heredoc detection), so scanning took most of a 5 MB Dockerfile's parse. An
// instruction's text and ranges are fixed once it is built, so one scan per instance is enough.
// The scan is a private method: when a dockerfile-ast release drops it, nothing is patched.
import { Instruction } from "dockerfile-ast";

export type ArgumentCacheStatus = "installed" | "already-installed" | "unavailable";

/** Where an instance keeps its scan: a property is cheaper to collect than a WeakMap entry. */
const cacheKey: unique symbol = Symbol("dockerfile-ast argument scan");

interface Scanned {
  [cacheKey]?: unknown[];
}

type Scan = (this: Scanned) => unknown[];

/** dockerfile-ast 0.7's private per-instruction argument scan. */
const scanMethod = "getRawArguments";
/** Marks the memoised scan; `Symbol.for` so that two loaded copies of this module agree. */
const marker = Symbol.for("agent-images/lint/argument-cache");

/** Memoises `prototype`'s argument scan per instance; every call returns a fresh array. */
export function cacheArgumentScan(prototype: object): ArgumentCacheStatus {
  const scan: unknown = Reflect.get(prototype, scanMethod);
  if (typeof scan !== "function") return "unavailable";
  if (Reflect.get(scan, marker) === true) return "already-installed";
  const original = scan as Scan;
  const memoised: Scan = function (this: Scanned) {
    const args = (this[cacheKey] ??= original.call(this));
    // dockerfile-ast's own ModifiableInstruction.getArguments shifts flags off the array it gets.
    return [...args];
  };
  Reflect.set(memoised, marker, true);
  Reflect.set(prototype, scanMethod, memoised);
  return "installed";
}

/** Installs the cache on dockerfile-ast's Instruction; cheap to call before every parse. */
export function installArgumentCache(): ArgumentCacheStatus {
  return cacheArgumentScan(Instruction.prototype);
}
