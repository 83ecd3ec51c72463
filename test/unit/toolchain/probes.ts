// Probe results built from the captured outputs in test/fixtures/toolchain.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandProbe, Probes } from "../../../scripts/toolchain/types.ts";

const dir = join(import.meta.dirname, "..", "..", "fixtures", "toolchain");

export function fixture(name: string): string {
  return readFileSync(join(dir, name), "utf8");
}

export function succeeded(name: string): CommandProbe {
  return { exitCode: 0, stdout: fixture(name), stderr: "" };
}

/** This machine after `doctor --fix`: every part present. */
export function completeProbes(): Probes {
  return {
    osRelease: fixture("os-release-debian-bookworm"),
    engine: succeeded("engine-version.txt"),
    dockerdInstalled: true,
    buildx: succeeded("buildx-version.txt"),
    driverStatus: succeeded("driver-status-containerd.json"),
    compose: succeeded("compose-version.txt"),
    registry: { answering: true, status: 200, apiVersion: "registry/2.0" },
    registryInstalled: true,
    shellcheck: succeeded("shellcheck-version.txt"),
    debootstrap: succeeded("debootstrap-version.txt"),
    binfmt: { mounted: true, aarch64: fixture("binfmt-qemu-aarch64.txt"), confInstalled: true },
    daemonJson: '{"features":{"containerd-snapshotter":true}}\n',
    trixieSource: true,
    trixiePin: true,
    debianKeyring: true,
  };
}

/** A new Debian bookworm machine: nothing installed, nothing running. */
export function freshProbes(): Probes {
  return {
    osRelease: fixture("os-release-debian-bookworm"),
    engine: undefined,
    dockerdInstalled: false,
    buildx: undefined,
    driverStatus: undefined,
    compose: undefined,
    registry: { answering: false, error: "connection refused" },
    registryInstalled: false,
    shellcheck: undefined,
    debootstrap: undefined,
    binfmt: { mounted: false, aarch64: undefined, confInstalled: false },
    daemonJson: undefined,
    trixieSource: false,
    trixiePin: false,
    debianKeyring: true,
  };
}

export const engineDown: CommandProbe = { exitCode: 1, stdout: "\n", stderr: fixture("engine-down.stderr.txt") };
