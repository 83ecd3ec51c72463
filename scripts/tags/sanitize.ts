// Tag and image-name clean-up, as metadata-action does it, plus Docker's 128-character cap.

/** Docker refuses tags longer than this; metadata-action would pass them on and fail at push. */
export const maxTagLength = 128;

/** Runs of characters outside [A-Za-z0-9._-] become one "-" (`feature/Foo Bar` → `feature-Foo-Bar`). */
export function sanitizeTag(tag: string): string {
  return tag.replace(/[^a-zA-Z0-9._-]+/g, "-").slice(0, maxTagLength);
}

/** Repository names must be lower case; tags keep their case. */
export function sanitizeImageName(name: string): string {
  return name.trim().toLowerCase();
}

export function shortSha(sha: string, length: number): string {
  return length >= sha.length ? sha : sha.slice(0, length);
}
