import { describe, expect, test } from "vitest";
import { checkToolchain } from "../../../scripts/toolchain/checks.ts";
import { planFixes, registryConfig, trixiePin, trixieSource } from "../../../scripts/toolchain/fix-plan.ts";
import type { FixEnvironment, Probes } from "../../../scripts/toolchain/types.ts";
import { completeProbes, engineDown, freshProbes, succeeded } from "./probes.ts";

const env: FixEnvironment = { cacheDir: "/ws/.cache", privilege: [], registryAddress: "127.0.0.1:5000" };
const plan = (probes: Probes, environment = env) =>
  planFixes(checkToolchain(probes, environment.registryAddress), probes, environment);

describe("planFixes", () => {
  test("complete toolchain: nothing to do", () => {
    expect(plan(completeProbes())).toEqual([]);
  });

  test("fresh Debian machine: the whole setup, in order", () => {
    const steps = plan(freshProbes());
    expect(steps.map((step) => `${step.kind} ${step.part}`)).toEqual([
      "write-file containerd store",
      "write-file docker engine",
      "write-file docker engine",
      "run docker engine",
      "run docker engine",
      "mkdir docker engine",
      "run docker engine",
      "wait docker engine",
      "run qemu arm64",
      "copy-file qemu arm64",
      "write-file registry",
      "run registry",
      "wait registry",
    ]);
    expect(steps[0]).toMatchObject({ path: "/etc/docker/daemon.json", privileged: true });
    expect(steps[1]).toMatchObject({ path: "/etc/apt/sources.list.d/trixie.sources", content: trixieSource });
    expect(steps[2]).toMatchObject({ path: "/etc/apt/preferences.d/trixie-low", content: trixiePin });
    expect(steps[3]).toMatchObject({
      argv: ["env", "DEBIAN_FRONTEND=noninteractive", "NEEDRESTART_SUSPEND=1", "apt-get", "update"],
    });
    expect(steps[4]).toMatchObject({
      argv: [
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "NEEDRESTART_SUSPEND=1",
        "apt-get",
        "install",
        "-y",
        "--no-install-recommends",
        "docker.io/trixie",
        "docker-buildx/trixie",
        "docker-compose/trixie",
        "docker-registry",
        "shellcheck",
        "debootstrap",
        "mmdebstrap",
        "arch-test",
        "qemu-user-static",
      ],
    });
    expect(steps[6]).toMatchObject({
      argv: [
        "/sbin/start-stop-daemon",
        "--start",
        "--background",
        "--oknodo",
        "--output",
        "/ws/.cache/toolchain/dockerd.log",
        "--exec",
        "/usr/sbin/dockerd",
      ],
    });
    expect(steps[8]).toMatchObject({ argv: ["mount", "-t", "binfmt_misc", "binfmt_misc", "/proc/sys/fs/binfmt_misc"] });
    expect(steps[9]).toMatchObject({
      from: "/usr/lib/binfmt.d/qemu-aarch64.conf",
      to: "/proc/sys/fs/binfmt_misc/register",
    });
    expect(steps[11]).toMatchObject({
      argv: [
        "/sbin/start-stop-daemon",
        "--start",
        "--background",
        "--oknodo",
        "--make-pidfile",
        "--pidfile",
        "/ws/.cache/registry/registry.pid",
        "--output",
        "/ws/.cache/registry/registry.log",
        "--exec",
        "/usr/bin/docker-registry",
        "--",
        "serve",
        "/ws/.cache/registry/config.yml",
      ],
    });
  });

  test("not root: privileged steps go through sudo -n, the registry does not", () => {
    const steps = plan(freshProbes(), { ...env, privilege: ["sudo", "-n"] });
    const runs = steps.flatMap((step) => (step.kind === "run" ? [step.argv.slice(0, 3)] : []));
    expect(runs).toEqual([
      ["sudo", "-n", "env"],
      ["sudo", "-n", "env"],
      ["sudo", "-n", "/sbin/start-stop-daemon"],
      ["sudo", "-n", "mount"],
      ["/sbin/start-stop-daemon", "--start", "--background"],
    ]);
  });

  test("no Debian keyring (Ubuntu): install it before adding the trixie source", () => {
    const steps = plan({ ...freshProbes(), debianKeyring: false });
    expect(steps.slice(1, 4).map((step) => (step.kind === "run" ? step.argv.slice(4).join(" ") : step.kind))).toEqual([
      "update",
      "install -y --no-install-recommends debian-archive-keyring",
      "write-file",
    ]);
  });

  test("engine down but installed: only start it and wait", () => {
    const steps = plan({
      ...completeProbes(),
      engine: engineDown,
      driverStatus: { exitCode: 1, stdout: "null\n", stderr: "" },
    });
    expect(steps.map((step) => step.kind)).toEqual(["mkdir", "run", "wait"]);
  });

  test("running engine on the classic store: write daemon.json, never restart it", () => {
    const probes = {
      ...completeProbes(),
      daemonJson: '{"debug":true}',
      driverStatus: succeeded("driver-status-overlay2.json"),
    };
    const steps = plan(probes);
    expect(steps.map((step) => step.kind)).toEqual(["write-file", "note"]);
    expect(steps[0]).toMatchObject({
      content: '{\n  "debug": true,\n  "features": {\n    "containerd-snapshotter": true\n  }\n}\n',
    });
  });

  test("qemu registered but disabled: enable it instead of registering twice", () => {
    const steps = plan({ ...completeProbes(), binfmt: { mounted: true, aarch64: "disabled\n", confInstalled: true } });
    expect(steps).toEqual([
      {
        kind: "write-file",
        part: "qemu arm64",
        why: "enabled the qemu-aarch64 binfmt handler",
        path: "/proc/sys/fs/binfmt_misc/qemu-aarch64",
        content: "1",
        privileged: true,
      },
    ]);
  });

  test("registry config keeps its storage under the project cache", () => {
    expect(registryConfig("/ws/.cache", "127.0.0.1:5000")).toContain("    rootdirectory: /ws/.cache/registry/data\n");
    expect(registryConfig("/ws/.cache", "127.0.0.1:5000")).toContain("  addr: 127.0.0.1:5000\n");
  });
});
