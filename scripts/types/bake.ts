// The JSON that `docker buildx bake --print` writes, as it comes, and the normalised definition.
// Normalised into BakeDefinition by scripts/read/definition.ts.
//
// Checked against buildx 0.13.1 (`--print` of a file setting every attribute): it prints list
// attributes as CSV strings, leaves out `description`, `network` and `entitlements`, and prints
// `platforms = ["local"]` as written. Later buildx versions print cache, output, secret, ssh and
// attest entries as objects ({"type": "local", "dest": "./bin"}), so both shapes are accepted.

/** One list entry of a CSV-shaped attribute: `type=local,dest=out`, or its object form. */
export type BakePrintEntry = string | Record<string, string>;

export interface BakePrintTarget {
  description?: string;
  context?: string;
  contexts?: Record<string, string>;
  dockerfile?: string;
  "dockerfile-inline"?: string;
  args?: Record<string, string | null>;
  labels?: Record<string, string | null>;
  tags?: string[];
  platforms?: string[];
  target?: string;
  "cache-from"?: BakePrintEntry[];
  "cache-to"?: BakePrintEntry[];
  secret?: BakePrintEntry[];
  ssh?: BakePrintEntry[];
  output?: BakePrintEntry[];
  pull?: boolean;
  "no-cache"?: boolean;
  "no-cache-filter"?: string[];
  attest?: BakePrintEntry[];
  "shm-size"?: string;
  ulimits?: string[];
  annotations?: string[];
  entitlements?: string[];
  network?: string;
}

export interface BakePrint {
  group?: Record<string, { targets?: string[] }>;
  target?: Record<string, BakePrintTarget>;
}

/**
 * Attributes we never write in the override: bake applies them as the file says. Kept here so the
 * plan can show them, under the names `--print` uses.
 */
export interface BakeKept {
  description?: string;
  "dockerfile-inline"?: string;
  ssh?: string[];
  annotations?: string[];
  entitlements?: string[];
  network?: string;
  pull?: boolean;
  "no-cache"?: boolean;
  "no-cache-filter"?: string[];
  "shm-size"?: string;
  ulimits?: string[];
}

/** One target after normalisation: absolute paths, no nulls, list entries as CSV strings. */
export interface BakeTarget {
  name: string;
  /** Absolute build context folder, or the remote context (git or https URL) as written. */
  context: string;
  /** Absolute Dockerfile path (for an inline Dockerfile: where bake would look, unused). */
  dockerfile: string;
  tags: string[];
  args: Record<string, string>;
  labels: Record<string, string>;
  /** Named contexts: key → "target:x", "docker-image://…", a path, … */
  contexts: Record<string, string>;
  platforms: string[];
  /** Dockerfile stage to build, when set. */
  target?: string;
  secrets: string[];
  /** The declared outputs, as written (none: bake's default, an image). */
  output: string[];
  cacheFrom: string[];
  cacheTo: string[];
  attest: string[];
  kept: BakeKept;
}

export interface BakeDefinition {
  groups: Record<string, string[]>;
  targets: Record<string, BakeTarget>;
}
