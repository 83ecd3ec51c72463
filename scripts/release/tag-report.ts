// What is in the registry after a failed release, read back from it and said exactly: which
// tags of the release are there, which are as they were, which could not be removed or read.
import type { RegistryClient } from "../registry/client.ts";

/** One tag of the release: what it pointed at before, what the release wanted, what it points at now. */
export interface TagRecord {
  target: string;
  repository: string;
  tag: string;
  /** null: the tag did not exist. */
  before: string | null;
  /** This release's digest, once the build made one. */
  wanted?: string;
  /** Read back after the failure; null: absent; undefined: the registry did not answer. */
  now?: string | null;
}

export type TagOutcome = "released" | "as-before" | "changed" | "unknown";

export function outcomeOf(record: TagRecord): TagOutcome {
  if (record.now === undefined) return "unknown";
  if (record.wanted !== undefined && record.now === record.wanted) return "released";
  return record.now === record.before ? "as-before" : "changed";
}

/** HEAD every tag. After the first one the registry does not answer, the rest are not tried (it is gone). */
export async function readBack(client: RegistryClient, records: TagRecord[]): Promise<TagRecord[]> {
  let reachable = true;
  const read: TagRecord[] = [];
  for (const record of records) {
    const { now: _previousRead, ...rest } = record;
    if (!reachable) {
      read.push(rest);
      continue;
    }
    try {
      read.push({ ...rest, now: (await client.headManifest(record.repository, record.tag))?.digest ?? null });
    } catch {
      reachable = false;
      read.push(rest);
    }
  }
  return read;
}

const readBackLabel = "read back from the registry after the failure";
const notHere: TagOutcome[] = ["as-before", "changed"];

export interface TagReportInput {
  host: string;
  records: TagRecord[];
  /** The registry refuses DELETE, so new tags that were put cannot be taken away. */
  deleteRefused: boolean;
}

/** Pure: the read-back records → the lines that follow the headline of the error. */
export function describeTags(input: TagReportInput): string[] {
  const ref = (record: TagRecord): string => `${input.host}/${record.repository}:${record.tag}`;
  const pick = (test: (record: TagRecord) => boolean): string[] => input.records.filter(test).map(ref);
  const list = (refs: string[]): string => (refs.length > 0 ? refs.join(", ") : "none");
  const isMoved = (record: TagRecord): boolean => outcomeOf(record) === "released" && record.before !== record.now;
  const stuck = pick((record) => isMoved(record) && record.before === null);
  const changed = pick((record) => outcomeOf(record) === "changed");
  const unknown = pick((record) => outcomeOf(record) === "unknown");
  const restored = input.records.filter((record) => outcomeOf(record) === "as-before" && record.before !== null).length;
  const refused = input.deleteRefused ? " (the registry refuses DELETE)" : "";
  if (input.records.length > 0 && input.records.every((record) => outcomeOf(record) === "as-before")) {
    const count = input.records.length;
    return [`  ${readBackLabel}: all ${count} tags of this release are as they were before it`];
  }
  return [
    `  ${readBackLabel} (${input.records.length - unknown.length} of ${input.records.length}):`,
    `  tags of this release in the registry: ${list(pick((record) => outcomeOf(record) === "released"))}`,
    `  tags of this release NOT in the registry: ${list(pick((record) => notHere.includes(outcomeOf(record))))}`,
    ...(restored > 0 ? [`  tags that existed before and point at their previous digest again: ${restored}`] : []),
    ...(stuck.length > 0 ? [`  new tags left pointing at this partial release${refused}: ${stuck.join(", ")}`] : []),
    ...(changed.length > 0 ? [`  neither as before nor this release's: ${changed.join(", ")}`] : []),
    ...(unknown.length > 0 ? [`  could not be read back (the registry did not answer): ${unknown.join(", ")}`] : []),
    ...(stuck.length > 0 || changed.length > 0
      ? ["  a rerun of this release moves every tag to it, finishing it"]
      : []),
  ];
}

export function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
