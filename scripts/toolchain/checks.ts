// Pure checks: probe results in, one finding per toolchain part out (every part, every time).
import {
  binfmtEnabled,
  parseBuildxVersion,
  parseComposeVersion,
  parseDriverStatus,
  parseEngineVersion,
  parseToolVersion,
  usesContainerdStore,
  versionAtLeast,
} from "./parse.ts";
import type { CommandProbe, Finding, PartName, Probes } from "./types.ts";

export const minimumBuildx = "0.13.0";
export const minimumCompose = "2.0.0";
const doctorFix = "pnpm images doctor --fix";

export function checkToolchain(probes: Probes, registryAddress: string): Finding[] {
  return [
    checkEngine(probes),
    checkBuildx(probes.buildx),
    checkContainerdStore(probes),
    checkCompose(probes.compose),
    checkRegistry(probes, registryAddress),
    checkTool("shellcheck", probes.shellcheck, ["shellcheck"]),
    // mmdebstrap (and arch-test, its check for foreign architectures) come along: seeding prefers
    // it (about twice as fast here), debootstrap is the fallback.
    checkTool("debootstrap", probes.debootstrap, ["debootstrap", "mmdebstrap", "arch-test"]),
    checkQemu(probes),
  ];
}

export function requiredFailures(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.required && !finding.ok);
}

function ok(part: PartName, version: string | undefined, required = true): Finding {
  return { part, ok: true, required, ...(version ? { version } : {}), packages: [] };
}

function failed(part: PartName, problem: string, manual: string, packages: string[], required = true): Finding {
  return { part, ok: false, required, problem, fix: `${doctorFix} (or: ${manual})`, packages };
}

function aptInstall(packages: string[]): string {
  return `apt-get install -y ${packages.join(" ")}`;
}

function checkEngine(probes: Probes): Finding {
  const version = probes.engine ? parseEngineVersion(probes.engine.stdout) : undefined;
  if (version) return ok("docker engine", version);
  if (!probes.engine || !probes.dockerdInstalled) {
    const what = probes.engine ? "dockerd is not installed" : "the docker CLI is not installed";
    return failed("docker engine", what, aptInstall(["docker.io/trixie"]), ["docker.io/trixie"]);
  }
  const reason = firstLine(probes.engine.stderr) || "the engine does not answer";
  return failed(
    "docker engine",
    `not reachable: ${reason}`,
    "setsid -f dockerd > .cache/toolchain/dockerd.log 2>&1",
    [],
  );
}

function checkBuildx(probe: CommandProbe | undefined): Finding {
  const version = probe?.exitCode === 0 ? parseBuildxVersion(probe.stdout) : undefined;
  const packages = ["docker-buildx/trixie"];
  if (!version) return failed("buildx", "the buildx plugin is not installed", aptInstall(packages), packages);
  if (!versionAtLeast(version, minimumBuildx))
    return failed("buildx", `${version} is older than ${minimumBuildx}`, aptInstall(packages), packages);
  return ok("buildx", version);
}

function checkContainerdStore(probes: Probes): Finding {
  const engineUp = probes.engine ? parseEngineVersion(probes.engine.stdout) !== undefined : false;
  const fix = `set {"features":{"containerd-snapshotter":true}} in /etc/docker/daemon.json and restart dockerd`;
  if (!engineUp) return failed("containerd store", "unknown: the engine is not reachable", fix, []);
  const pairs = parseDriverStatus(probes.driverStatus?.stdout ?? "");
  if (usesContainerdStore(pairs)) return ok("containerd store", pairs.find(([key]) => key === "driver-type")?.[1]);
  return failed(
    "containerd store",
    "off (classic graph driver store: no cache export, no multi-platform load)",
    fix,
    [],
  );
}

function checkCompose(probe: CommandProbe | undefined): Finding {
  const version = probe?.exitCode === 0 ? parseComposeVersion(probe.stdout) : undefined;
  const packages = ["docker-compose/trixie"];
  if (!version) return failed("compose", "the compose v2 plugin is not installed", aptInstall(packages), packages);
  if (!versionAtLeast(version, minimumCompose))
    return failed("compose", `${version} is not compose v2`, aptInstall(packages), packages);
  return ok("compose", version);
}

function checkRegistry(probes: Probes, address: string): Finding {
  const { registry } = probes;
  if (registry.answering) return ok("registry", `${registry.apiVersion ?? "registry/2.0"} on ${address}`);
  const packages = probes.registryInstalled ? [] : ["docker-registry"];
  const why = registry.status === undefined ? (registry.error ?? "no answer") : `GET /v2/ returned ${registry.status}`;
  return failed(
    "registry",
    `not answering on ${address} (${why})`,
    "docker-registry serve .cache/registry/config.yml",
    packages,
  );
}

function checkTool(part: "shellcheck" | "debootstrap", probe: CommandProbe | undefined, packages: string[]): Finding {
  const version = probe?.exitCode === 0 ? parseToolVersion(probe.stdout) : undefined;
  if (version) return ok(part, version, false);
  return failed(part, "not installed", aptInstall(packages), packages, false);
}

function checkQemu(probes: Probes): Finding {
  const { binfmt } = probes;
  if (binfmtEnabled(binfmt.aarch64)) return ok("qemu arm64", "binfmt qemu-aarch64 enabled", false);
  const packages = binfmt.confInstalled ? [] : ["qemu-user-static"];
  const problem = !binfmt.mounted
    ? "binfmt_misc is not mounted"
    : binfmt.aarch64
      ? "qemu-aarch64 is disabled"
      : "qemu-aarch64 is not registered";
  const manual =
    "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; " +
    "cat /usr/lib/binfmt.d/qemu-aarch64.conf > " +
    "/proc/sys/fs/binfmt_misc/register";
  return failed("qemu arm64", `${problem} (linux/arm64 builds unavailable)`, manual, packages, false);
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.trim() ?? "";
}
