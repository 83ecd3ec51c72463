import { describe, expect, test } from "vitest";
import { checkToolchain, requiredFailures } from "../../../scripts/toolchain/checks.ts";
import { formatFindings } from "../../../scripts/toolchain/format.ts";
import { completeProbes, engineDown, fixture, freshProbes, succeeded } from "./probes.ts";

const address = "127.0.0.1:5000";

describe("checkToolchain", () => {
  test("complete machine: every part ok with its version", () => {
    expect(formatFindings(checkToolchain(completeProbes(), address))).toEqual([
      "ok   docker engine     26.1.5+dfsg1",
      "ok   buildx            0.13.1+ds1",
      "ok   containerd store  io.containerd.snapshotter.v1",
      "ok   compose           2.26.1-4",
      "ok   registry          registry/2.0 on 127.0.0.1:5000",
      "ok   shellcheck        0.9.0",
      "ok   debootstrap       1.0.128+nmu2+deb12u2",
      "ok   qemu arm64        binfmt qemu-aarch64 enabled",
    ]);
  });

  test("fresh machine: required parts fail with packages, optional ones warn", () => {
    const findings = checkToolchain(freshProbes(), address);
    expect(requiredFailures(findings).map((f) => f.part)).toEqual([
      "docker engine",
      "buildx",
      "containerd store",
      "compose",
      "registry",
    ]);
    expect(findings.flatMap((f) => f.packages)).toEqual([
      "docker.io/trixie",
      "docker-buildx/trixie",
      "docker-compose/trixie",
      "docker-registry",
      "shellcheck",
      "debootstrap",
      "mmdebstrap",
      "arch-test",
      "qemu-user-static",
    ]);
    expect(findings.filter((f) => !f.required).every((f) => !f.ok)).toBe(true);
  });

  test("engine down: the reason is the CLI's own first line, and the fix is exact", () => {
    const [engine, , store] = checkToolchain({ ...completeProbes(), engine: engineDown }, address);
    expect(engine?.problem).toBe(
      "not reachable: Cannot connect to the Docker daemon at unix:///tmp/nope.sock. Is the docker daemon running?",
    );
    expect(engine?.fix).toMatch(/^pnpm images doctor --fix \(or: setsid -f dockerd/);
    expect(engine?.packages).toEqual([]);
    expect(store?.ok).toBe(false);
  });

  test("old buildx fails with the minimum named", () => {
    const [, buildx] = checkToolchain({ ...completeProbes(), buildx: succeeded("buildx-version-old.txt") }, address);
    expect(buildx).toMatchObject({
      ok: false,
      problem: "0.12.1 is older than 0.13.0",
      packages: ["docker-buildx/trixie"],
    });
  });

  test("classic store fails and names daemon.json", () => {
    const findings = checkToolchain(
      { ...completeProbes(), driverStatus: succeeded("driver-status-overlay2.json") },
      address,
    );
    expect(findings[2]?.ok).toBe(false);
    expect(findings[2]?.fix).toContain("/etc/docker/daemon.json");
  });

  test("compose plugin missing", () => {
    const [, , , compose] = checkToolchain(
      {
        ...completeProbes(),
        compose: { exitCode: 1, stdout: "", stderr: "docker: unknown command: docker compose\n" },
      },
      address,
    );
    expect(compose).toMatchObject({ ok: false, problem: "the compose v2 plugin is not installed" });
  });

  test("registry installed but not running: no package, one clear line", () => {
    const findings = checkToolchain(
      { ...completeProbes(), registry: { answering: false, error: "connection refused" } },
      address,
    );
    expect(findings[4]?.packages).toEqual([]);
    expect(formatFindings(findings)[4]).toBe(
      "FAIL registry          not answering on 127.0.0.1:5000 " +
        "(connection refused) — fix: pnpm images doctor --fix (or: " +
        "docker-registry serve .cache/registry/config.yml)",
    );
  });

  test("registry answering with an error status", () => {
    const findings = checkToolchain({ ...completeProbes(), registry: { answering: false, status: 401 } }, address);
    expect(findings[4]?.problem).toBe("not answering on 127.0.0.1:5000 (GET /v2/ returned 401)");
  });

  test("qemu: mounted but not registered is a warning, not a failure", () => {
    const findings = checkToolchain(
      { ...completeProbes(), binfmt: { mounted: true, aarch64: undefined, confInstalled: true } },
      address,
    );
    expect(requiredFailures(findings)).toEqual([]);
    expect(formatFindings(findings)[7]).toMatch(/^warn qemu arm64 {8}qemu-aarch64 is not registered/);
  });

  test("qemu disabled", () => {
    const findings = checkToolchain(
      {
        ...completeProbes(),
        binfmt: {
          mounted: true,
          aarch64: fixture("binfmt-qemu-aarch64.txt").replace("enabled", "disabled"),
          confInstalled: true,
        },
      },
      address,
    );
    expect(findings[7]?.problem).toMatch(/^qemu-aarch64 is disabled/);
  });
});
