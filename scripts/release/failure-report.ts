// A failed release as data (versioned JSON: the `result` output and `--json`) and as the lines of
// its error, both from the same tags read back from the registry.
import { formatRegistry } from "../registry/ref.ts";
import type { RegistryCheck } from "./preflight.ts";
import type { ReleasePlan } from "./release-plan.ts";
import { describeStaging, type StagingCleanup } from "./staging.ts";
import { describeTags, outcomeOf, type TagOutcome, type TagRecord } from "./tag-report.ts";

export interface FailedTag {
  reference: string;
  target: string;
  before: string | null;
  wanted: string | null;
  /** "unknown": the registry did not answer the read-back. */
  now: string | null;
  outcome: TagOutcome;
}

export interface ReleaseFailureReport {
  schemaVersion: 1;
  status: "failed";
  version: string;
  registry: string;
  error: string;
  rollback: { deleteByTag: boolean; deleteByDigest: boolean };
  tags: FailedTag[];
  staging: StagingCleanup | null;
}

export interface FailureInput {
  plan: Pick<ReleasePlan, "version" | "registry">;
  check: Pick<RegistryCheck, "deleteByTag" | "deleteByDigest">;
  /** Read back after the failure. */
  records: TagRecord[];
  staging: StagingCleanup | undefined;
  /** The failure's own message (its first line is the headline). */
  message: string;
  /** The tag mover's message already holds the read-back lines. */
  described: boolean;
}

export function failureReport(input: FailureInput): ReleaseFailureReport {
  const host = input.plan.registry.host;
  return {
    schemaVersion: 1,
    status: "failed",
    version: input.plan.version,
    registry: formatRegistry(input.plan.registry),
    error: input.message.split("\n")[0] ?? "",
    rollback: { deleteByTag: input.check.deleteByTag, deleteByDigest: input.check.deleteByDigest },
    tags: input.records.map((record) => ({
      reference: `${host}/${record.repository}:${record.tag}`,
      target: record.target,
      before: record.before,
      wanted: record.wanted ?? null,
      now: record.now === undefined ? "unknown" : record.now,
      outcome: outcomeOf(record),
    })),
    staging: input.staging ?? null,
  };
}

export function failureMessage(input: FailureInput): string {
  const deleteRefused = !input.check.deleteByTag && !input.check.deleteByDigest;
  const host = input.plan.registry.host;
  const tags = input.described ? [] : describeTags({ host, records: input.records, deleteRefused });
  return [input.message, ...tags, ...describeStaging(input.staging, input.plan.registry)].join("\n");
}
