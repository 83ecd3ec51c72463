// The JSON that `docker buildx bake --print` writes (buildx 0.13+), as it comes.
// Normalised into BakeDefinition by scripts/plan/definition.ts.

export interface BakePrintTarget {
  context?: string;
  contexts?: Record<string, string>;
  dockerfile?: string;
  "dockerfile-inline"?: string;
  args?: Record<string, string | null>;
  labels?: Record<string, string | null>;
  tags?: string[];
  platforms?: string[];
  target?: string;
  "cache-from"?: string[];
  "cache-to"?: string[];
  secret?: string[];
  ssh?: string[];
  output?: string[];
  pull?: boolean;
  "no-cache"?: boolean;
  attest?: string[];
  "shm-size"?: string;
  ulimits?: string[];
  annotations?: string[];
  entitlements?: string[];
  "network"?: string;
}

export interface BakePrint {
  group?: Record<string, { targets?: string[] }>;
  target?: Record<string, BakePrintTarget>;
}

/** One target after normalisation: absolute paths, no nulls, defaults filled. */
export interface BakeTarget {
  name: string;
  /** Absolute build context folder. */
  context: string;
  /** Absolute Dockerfile path. */
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
}

export interface BakeDefinition {
  groups: Record<string, string[]>;
  targets: Record<string, BakeTarget>;
}
