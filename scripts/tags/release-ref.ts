// Releases are cut from semver tags only: check the ref before anything is built.
import semver from "semver";
import { UsageError } from "../errors/errors.ts";
import { refName } from "./globals.ts";
import type { GitContext } from "./types.ts";

/** The clean version (`1.2.3`, `2.0.0-rc.1`) of a semver tag ref, or a UsageError showing the expected form. */
export function requireSemverRef(context: GitContext): string {
  const tag = refName(context.ref, "refs/tags/");
  const version = tag === undefined ? null : semver.valid(tag.replace(/\//g, "-"));
  if (version !== null) return version;
  const got = context.ref ? `"${context.ref}"` : "no ref";
  throw new UsageError(
    `a release needs a semver tag such as v1.2.3 (ref refs/tags/v1.2.3), got ${got}`,
    "Push a tag like v1.2.3 or v2.0.0-rc.1 (git tag v1.2.3 && " +
      "git push origin v1.2.3); branches and non-semver tags are " +
      "not released.",
  );
}

/** Whether the ref is a semver prerelease tag (which never moves `latest`). */
export function isPrereleaseRef(context: GitContext): boolean {
  const tag = refName(context.ref, "refs/tags/");
  return tag !== undefined && semver.valid(tag) !== null && (semver.prerelease(tag)?.length ?? 0) > 0;
}
