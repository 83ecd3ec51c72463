// Platform names as buildx writes them (os/arch[/variant]).

/** What a release builds in Actions, and what a CI matrix splits, unless told otherwise. */
export const ciPlatforms = ["linux/amd64", "linux/arm64"];

/** This machine's platform from Node's names (x64 → amd64, win32 → windows). */
export function nativePlatformOf(platform: string, arch: string): string {
  const archName: Record<string, string> = {
    x64: "amd64",
    arm64: "arm64",
    arm: "arm/v7",
    ppc64: "ppc64le",
    s390x: "s390x",
    riscv64: "riscv64",
  };
  return `${platform === "win32" ? "windows" : platform}/${archName[arch] ?? arch}`;
}

/** A target's platforms as this machine builds them: none listed, or bake's "local", is the native one. */
export function resolvePlatforms(listed: readonly string[], native: string): string[] {
  return (listed.length ? listed : [native]).map((platform) => (platform === "local" ? native : platform));
}

/** Same os/arch, whatever the variant (`linux/arm64/v8` is `linux/arm64`). */
export function samePlatform(a: string, b: string): boolean {
  return a.split("/").slice(0, 2).join("/") === b.split("/").slice(0, 2).join("/");
}

/** `os/arch[/variant]` from an OCI platform object or an image config. */
export function platformName(platform: { os?: string; architecture?: string; variant?: string } | undefined): string {
  return [platform?.os, platform?.architecture, platform?.variant].filter(Boolean).join("/");
}

/** The fields of an OCI index or image manifest that platform questions read. */
export interface RawManifest {
  mediaType?: string;
  manifests?: {
    digest?: string;
    platform?: { os?: string; architecture?: string; variant?: string };
    annotations?: Record<string, string>;
  }[];
  config?: { digest?: string };
}

/**
 * Pure: the platforms an image index lists (attestation entries left out), or undefined for a
 * single-platform manifest.
 */
export function indexPlatforms(raw: RawManifest): string[] | undefined {
  if (!raw.manifests) return undefined;
  return raw.manifests.map((m) => platformName(m.platform)).filter((p) => p && !p.startsWith("unknown"));
}
