// What each label-schema type accepts, as hadolint decides it. Licences and URIs come from
// maintained sources: the SPDX list (spdx-license-ids) and an RFC 3986 parser (fast-uri).
import { createRequire } from "node:module";
import fastUri from "fast-uri";
import type { LabelFormat } from "../types.ts";

// require, not a JSON import: the CLI bundle keeps packages external and Node 20 wants import attributes.
const require = createRequire(import.meta.url);
const spdxIds = new Set<string>([
  ...(require("spdx-license-ids") as string[]),
  ...(require("spdx-license-ids/deprecated.json") as string[]),
]);

/** hadolint parses one SPDX licence id (Cabal's LicenseId): exact spelling, no expressions, no LicenseRef. */
export function isSpdxId(value: string): boolean {
  return spdxIds.has(value);
}

/** RFC 3986 section 2: the only characters a URI may hold (anything else must be percent-encoded). */
const uriCharacters = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/**
 * hadolint's Network.URI.parseURI: an absolute URI (a scheme, then anything RFC 3986 allows, an
 * optional fragment), so `urn:isbn:…` and `mailto:…` pass and `example.com` or `/path` do not.
 * fast-uri splits and checks the parts (scheme, percent-encoding, IP literals); it is lenient about
 * stray characters the way browsers are, so the RFC's character set and single `#` are checked here.
 */
export function isAbsoluteUri(value: string): boolean {
  if (!uriCharacters.test(value) || value.indexOf("#") !== value.lastIndexOf("#")) return false;
  const parsed = fastUri.parse(value);
  if (parsed.scheme === undefined || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(parsed.scheme)) return false;
  return parsed.error === undefined || /must have a host/.test(parsed.error);
}

// semver.org's pattern: MAJOR.MINOR.PATCH, then an optional pre-release and build metadata.
const semverCore = String.raw`(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)`;
const semverTail = String.raw`(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`;
const semverPattern = new RegExp(`^${semverCore}${semverTail}$`);

export const formatChecks: Record<Exclude<LabelFormat, "text">, (value: string) => boolean> = {
  url: isAbsoluteUri,
  rfc3339: (value) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value),
  semver: (value) => semverPattern.test(value),
  hash: (value) => /^([0-9a-f]{7}|[0-9a-f]{40})$/.test(value),
  spdx: isSpdxId,
  email: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
};
