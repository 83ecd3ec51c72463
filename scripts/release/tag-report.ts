// What is in the registry after a failed tag move, said exactly: which tags, which not.
import { ImagesError } from "../errors/errors.ts";
import type { TagChange } from "./tag-mover.ts";

export type TagStateName = "already-there" | "not-moved" | "rolled-back" | "moved-not-rolled-back";

export interface TagState {
  change: TagChange;
  state: TagStateName;
}

export class ReleaseIncompleteError extends ImagesError {
  constructor(message: string) {
    super("release", message, { hint: "Fix the cause and rerun the same release: it is idempotent (tags already in place are left alone)." });
    this.name = "ReleaseIncompleteError";
  }
}

export interface IncompleteInput {
  host: string;
  cause: unknown;
  failedTag: TagChange;
  states: TagState[];
}

/** Pure: the states of every tag of the release → the lines of the error message. */
export function describeIncomplete(input: IncompleteInput): string {
  const ref = (change: TagChange): string => `${input.host}/${change.repository}:${change.tag}`;
  const pick = (...names: TagStateName[]): string[] => input.states.filter((item) => names.includes(item.state)).map((item) => ref(item.change));
  const inRegistry = pick("already-there", "moved-not-rolled-back");
  const notInRegistry = pick("not-moved", "rolled-back");
  const stuck = pick("moved-not-rolled-back");
  const rolledBack = pick("rolled-back").length;
  return [
    `release stopped while tagging ${ref(input.failedTag)}: ${causeText(input.cause)}`,
    `  tags of this release in the registry: ${inRegistry.length > 0 ? inRegistry.join(", ") : "none"}`,
    `  tags of this release NOT in the registry: ${notInRegistry.length > 0 ? notInRegistry.join(", ") : "none"}`,
    ...(rolledBack > 0 ? [`  ${rolledBack} tag${rolledBack === 1 ? " was" : "s were"} moved and then rolled back to ${rolledBack === 1 ? "its" : "their"} previous digest (or removed)`] : []),
    ...(stuck.length > 0 ? [`  could NOT roll back (they point at this partial release): ${stuck.join(", ")}`] : []),
  ].join("\n");
}

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
