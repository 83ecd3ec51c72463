// The release stage's errors: a failed step, a registry that refused, a partial tag move, and the
// failure report that says what is in the registry afterwards.
import type { ReleaseFailureReport } from "../release/failure-report.ts";
import type { TagRecord } from "../release/tag-report.ts";
import { ImagesError } from "./errors.ts";

/** A release step failed. */
export class ReleaseError extends ImagesError {
  constructor(message: string, hint?: string) {
    super("release", message, hint === undefined ? {} : { hint });
    this.name = "ReleaseError";
  }
}

/**
 * A release that failed after the registry was checked: the message says what is in the registry
 * (read back from it), and `report` is the same as versioned JSON (the `result` output, `--json`).
 */
export class ReleaseFailedError extends ImagesError {
  readonly report: ReleaseFailureReport;

  constructor(message: string, report: ReleaseFailureReport, options: { hint?: string; exitCode?: number }) {
    super("release", message, options);
    this.name = "ReleaseFailedError";
    this.report = report;
  }
}

/** Thrown by the tag mover; carries the read-back records for the report. */
export class ReleaseIncompleteError extends ImagesError {
  readonly tags: TagRecord[];

  constructor(message: string, tags: TagRecord[] = []) {
    const hint = "Fix the cause and rerun the same release: it is idempotent (tags already in place are left alone).";
    super("release", message, { hint });
    this.name = "ReleaseIncompleteError";
    this.tags = tags;
  }
}

/** A registry call that failed for good (after retries, or with a final answer). */
export class RegistryError extends ImagesError {
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super("release", message);
    this.name = "RegistryError";
    this.status = status;
  }
}

/** The registry deletes neither by tag nor by digest: new tags of a failed release cannot be taken back. */
export class DeleteRefusedError extends ImagesError {
  constructor(repository: string) {
    const hint = "Rerun the release to finish it, or remove the tags with the registry's own tools.";
    super("release", `the registry refuses DELETE in ${repository} (by tag and by digest)`, { hint });
    this.name = "DeleteRefusedError";
  }
}
