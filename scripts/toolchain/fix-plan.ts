// Pure fix planner: failing findings + probes → ordered steps (files to write, argv to run, waits).
// Order matters: daemon.json before the engine starts, packages before anything uses them.
import { join } from "node:path";
import { daemonJsonPath, mergeDaemonJson } from "./parse.ts";
import type { Finding, FixEnvironment, FixStep, PartName, Probes } from "./types.ts";

export const trixieSourcePath = "/etc/apt/sources.list.d/trixie.sources";
export const trixiePinPath = "/etc/apt/preferences.d/trixie-low";
export const debianKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
export const qemuConf = "/usr/lib/binfmt.d/qemu-aarch64.conf";
const binfmtDir = "/proc/sys/fs/binfmt_misc";
const startStop = "/sbin/start-stop-daemon";

export const trixieSource = [
  "Types: deb",
  "URIs: http://deb.debian.org/debian",
  "Suites: trixie",
  "Components: main",
  `Signed-By: ${debianKeyring}`,
  "",
].join("\n");
// Priority 100: nothing comes from trixie unless asked for by name (pkg/trixie).
export const trixiePin = ["Package: *", "Pin: release n=trixie", "Pin-Priority: 100", ""].join("\n");

export function planFixes(findings: readonly Finding[], probes: Probes, env: FixEnvironment): FixStep[] {
  const failing = new Map<PartName, Finding>(
    findings.filter((finding) => !finding.ok).map((finding) => [finding.part, finding]),
  );
  return [
    ...daemonJsonSteps(failing, probes),
    ...packageSteps([...failing.values()], probes, env),
    ...(failing.has("docker engine") ? engineSteps(env) : []),
    ...(failing.has("qemu arm64") ? qemuSteps(probes, env) : []),
    ...(failing.has("registry") ? registrySteps(env) : []),
  ];
}

export function registryConfig(cacheDir: string, address: string): string {
  return [
    "# Written by `pnpm images doctor --fix`: the local registry for mirrors, stand-ins and pushes.",
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${join(cacheDir, "registry", "data")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: ${address}`,
    "",
  ].join("\n");
}

// Non-interactive, and no needrestart scan after each install: it only prints advice here, for seconds.
const aptEnv = ["env", "DEBIAN_FRONTEND=noninteractive", "NEEDRESTART_SUSPEND=1"];

/** Recommends left out: docker.io's (apparmor, cgroupfs-mount, needrestart, …) are not needed to build or run. */
export function aptInstallArgv(packages: readonly string[], privilege: readonly string[]): string[] {
  return [...privilege, ...aptEnv, "apt-get", "install", "-y", "--no-install-recommends", ...packages];
}

function aptUpdateArgv(privilege: readonly string[]): string[] {
  return [...privilege, ...aptEnv, "apt-get", "update"];
}

function daemonJsonSteps(failing: ReadonlyMap<PartName, Finding>, probes: Probes): FixStep[] {
  if (!failing.has("containerd store")) return [];
  const merged = mergeDaemonJson(probes.daemonJson);
  const steps: FixStep[] = [];
  if (merged.changed) {
    steps.push({
      kind: "write-file",
      part: "containerd store",
      why: `turned on the containerd snapshotter in ${daemonJsonPath}`,
      path: daemonJsonPath,
      content: merged.content,
      privileged: true,
    });
  }
  if (!failing.has("docker engine")) {
    // A running engine only reads daemon.json at start; stopping it would kill everyone's containers.
    steps.push({
      kind: "note",
      part: "containerd store",
      why: "restart dockerd yourself to switch stores (doctor never stops a running engine)",
    });
  }
  return steps;
}

function packageSteps(failing: readonly Finding[], probes: Probes, env: FixEnvironment): FixStep[] {
  const packages = [...new Set(failing.flatMap((finding) => finding.packages))];
  if (packages.length === 0) return [];
  const part = failing.find((finding) => finding.packages.length > 0)?.part ?? "docker engine";
  const steps: FixStep[] = [];
  if (packages.some((name) => name.endsWith("/trixie"))) steps.push(...trixieSteps(probes, env, part));
  steps.push({ kind: "run", part, why: "refreshed the apt package lists", argv: aptUpdateArgv(env.privilege) });
  steps.push({
    kind: "run",
    part,
    why: `installed ${packages.join(" ")}`,
    argv: aptInstallArgv(packages, env.privilege),
  });
  return steps;
}

function trixieSteps(probes: Probes, env: FixEnvironment, part: PartName): FixStep[] {
  const steps: FixStep[] = [];
  if (!probes.debianKeyring) {
    steps.push({ kind: "run", part, why: "refreshed the apt package lists", argv: aptUpdateArgv(env.privilege) });
    steps.push({
      kind: "run",
      part,
      why: "installed debian-archive-keyring (signs the trixie source)",
      argv: aptInstallArgv(["debian-archive-keyring"], env.privilege),
    });
  }
  if (!probes.trixieSource)
    steps.push({
      kind: "write-file",
      part,
      why: "added the Debian trixie apt source",
      path: trixieSourcePath,
      content: trixieSource,
      privileged: true,
    });
  if (!probes.trixiePin)
    steps.push({
      kind: "write-file",
      part,
      why: "pinned trixie low so only the docker packages come from it",
      path: trixiePinPath,
      content: trixiePin,
      privileged: true,
    });
  return steps;
}

function engineSteps(env: FixEnvironment): FixStep[] {
  const log = join(env.cacheDir, "toolchain", "dockerd.log");
  const argv = [
    ...env.privilege,
    startStop,
    "--start",
    "--background",
    "--oknodo",
    "--output",
    log,
    "--exec",
    "/usr/sbin/dockerd",
  ];
  return [
    {
      kind: "mkdir",
      part: "docker engine",
      why: `created ${join(env.cacheDir, "toolchain")} for the engine log`,
      path: join(env.cacheDir, "toolchain"),
    },
    { kind: "run", part: "docker engine", why: `started dockerd in the background (log: ${log})`, argv },
    { kind: "wait", part: "docker engine", why: "waited until the engine answers", until: "engine", timeoutMs: 60_000 },
  ];
}

function qemuSteps(probes: Probes, env: FixEnvironment): FixStep[] {
  const part = "qemu arm64";
  const steps: FixStep[] = [];
  if (!probes.binfmt.mounted)
    steps.push({
      kind: "run",
      part,
      why: `mounted binfmt_misc on ${binfmtDir}`,
      argv: [...env.privilege, "mount", "-t", "binfmt_misc", "binfmt_misc", binfmtDir],
    });
  if (probes.binfmt.aarch64) {
    steps.push({
      kind: "write-file",
      part,
      why: "enabled the qemu-aarch64 binfmt handler",
      path: `${binfmtDir}/qemu-aarch64`,
      content: "1",
      privileged: true,
    });
  } else {
    steps.push({
      kind: "copy-file",
      part,
      why: "registered qemu-aarch64 with binfmt_misc",
      from: qemuConf,
      to: `${binfmtDir}/register`,
      privileged: true,
    });
  }
  return steps;
}

function registrySteps(env: FixEnvironment): FixStep[] {
  const dir = join(env.cacheDir, "registry");
  const config = join(dir, "config.yml");
  const argv = [
    startStop,
    "--start",
    "--background",
    "--oknodo",
    "--make-pidfile",
    "--pidfile",
    join(dir, "registry.pid"),
    "--output",
    join(dir, "registry.log"),
    "--exec",
    "/usr/bin/docker-registry",
    "--",
    "serve",
    config,
  ];
  return [
    {
      kind: "write-file",
      part: "registry",
      why: `wrote ${config} (storage: ${join(dir, "data")})`,
      path: config,
      content: registryConfig(env.cacheDir, env.registryAddress),
      privileged: false,
    },
    {
      kind: "run",
      part: "registry",
      why: `started docker-registry on ${env.registryAddress} (log: ${join(dir, "registry.log")})`,
      argv,
    },
    {
      kind: "wait",
      part: "registry",
      why: `waited until the registry answers on ${env.registryAddress}`,
      until: "registry",
      timeoutMs: 30_000,
    },
  ];
}
