import { describe, expect, test } from "vitest";
import { checkToolchain } from "../../../scripts/toolchain/checks.ts";
import { assertDebianFamily, formatStep, manualInstallList } from "../../../scripts/toolchain/format.ts";
import { completeProbes, fixture, freshProbes } from "./probes.ts";

describe("doctor output helpers", () => {
  test("fix steps align with the findings", () => {
    expect(formatStep("did", "registry", "started docker-registry")).toBe(
      "did  registry          started docker-registry",
    );
  });

  test("manual install list drops the /trixie suffix", () => {
    expect(manualInstallList(checkToolchain(freshProbes(), "127.0.0.1:5000"))).toBe(
      "docker.io, docker-buildx, docker-compose, docker-registry, shellcheck, " +
        "debootstrap, mmdebstrap, arch-test, qemu-user-static",
    );
  });

  test("non-Debian machine: one error naming the packages", () => {
    const findings = checkToolchain(freshProbes(), "127.0.0.1:5000");
    expect(() => assertDebianFamily(fixture("os-release-fedora-40"), findings)).toThrow(
      "doctor --fix only installs packages on Debian-family machines; this is Fedora Linux 40 (Container Image)",
    );
  });

  test.each(["os-release-debian-bookworm", "os-release-ubuntu-noble"])("%s is fine", (file) => {
    expect(() => assertDebianFamily(fixture(file), checkToolchain(completeProbes(), "127.0.0.1:5000"))).not.toThrow();
  });
});
