// Can this machine build for foreign platforms? Yes when the kernel has a QEMU binfmt handler
// for the architecture, or when the buildx builder already lists the platform.
import { existsSync, readdirSync } from "node:fs";
import { EngineError } from "../errors/errors.ts";
import { samePlatform } from "../plan/platforms.ts";
import type { Exec } from "../process/exec.ts";

export interface EmulationFacts {
  /** Entries of /proc/sys/fs/binfmt_misc (qemu-aarch64, …); [] when it is not mounted. */
  binfmtEntries: string[];
  /** Platforms `docker buildx inspect` lists for the current builder. */
  builderPlatforms: string[];
}

const qemuNames: Record<string, string> = {
  amd64: "x86_64",
  "386": "i386",
  arm64: "aarch64",
  arm: "arm",
  ppc64le: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
  mips64le: "mips64el",
};

export const qemuHint = [
  "install the emulators and register them with binfmt_misc: `apt-get install qemu-user-static binfmt-support`",
  "(if /proc/sys/fs/binfmt_misc is empty, `mount -t " +
    "binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc` then " +
    "`update-binfmts --enable`);",
  "in GitHub Actions add docker/setup-qemu-action before docker/setup-buildx-action.",
  "`docker buildx inspect` lists the platforms the builder can then build.",
].join(" ");

/** Pure: the foreign platforms this machine cannot build for. */
export function platformsWithoutEmulation(
  platforms: string[],
  nativePlatform: string,
  facts: EmulationFacts,
): string[] {
  const native = architecture(nativePlatform);
  return platforms.filter((platform) => {
    const arch = architecture(platform);
    if (arch === native) return false;
    const listed = facts.builderPlatforms.some((entry) => architecture(entry) === arch);
    return !listed && !facts.binfmtEntries.includes(`qemu-${qemuNames[arch] ?? arch}`);
  });
}

export function requireEmulation(platforms: string[], nativePlatform: string, facts: EmulationFacts): void {
  const missing = platformsWithoutEmulation(platforms, nativePlatform, facts);
  if (missing.length === 0) return;
  throw new EngineError(
    `building for ${missing.join(", ")} on ${nativePlatform} needs QEMU emulation, which is not set up on this machine`,
    qemuHint,
  );
}

function architecture(platform: string): string {
  return platform.split("/")[1] ?? platform;
}

/** `Platforms: linux/amd64, linux/amd64/v2, linux/arm64` lines of `docker buildx inspect` → the list. */
export function parseInspectPlatforms(text: string): string[] {
  const line = text.split("\n").find((entry) => /^\s*Platforms:/.test(entry));
  return (line ?? "")
    .replace(/^\s*Platforms:/, "")
    .split(",")
    .map((entry) => entry.trim().replace(/\*$/, ""))
    .filter(Boolean);
}

/** Edge: read the facts from /proc and the builder. */
export async function readEmulationFacts(exec: Exec, binfmtDir = "/proc/sys/fs/binfmt_misc"): Promise<EmulationFacts> {
  const binfmtEntries = existsSync(binfmtDir) ? readdirSync(binfmtDir) : [];
  const inspect = await exec(["docker", "buildx", "inspect"], { check: false });
  return { binfmtEntries, builderPlatforms: inspect.exitCode === 0 ? parseInspectPlatforms(inspect.stdout) : [] };
}

/** Edge: stop before building when a foreign platform cannot be emulated; reads nothing when all are native. */
export async function requireEmulationFor(exec: Exec, platforms: string[], nativePlatform: string): Promise<void> {
  if (platforms.every((platform) => samePlatform(platform, nativePlatform))) return;
  requireEmulation(platforms, nativePlatform, await readEmulationFacts(exec));
}
