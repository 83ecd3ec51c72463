// `pnpm images doctor [--fix]`: one line per toolchain part; --fix installs and starts what is missing.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { flag, stringOption, type CommandContext, type CommandSpec } from "../cli/command.ts";
import { EngineError, UsageError } from "../errors/errors.ts";
import { progressExec, stderrProgress } from "../report/step-progress.ts";
import { which } from "../process/exec.ts";
import { applyFixes } from "./apply.ts";
import { checkToolchain, requiredFailures } from "./checks.ts";
import { planFixes } from "./fix-plan.ts";
import { assertDebianFamily, formatFindings } from "./format.ts";
import { httpRequest } from "./http.ts";
import { localFiles, probeToolchain } from "./probe.ts";
import type { FixEnvironment, Finding, Probes } from "./types.ts";

export const defaultRegistryAddress = "127.0.0.1:5000";

export const doctorCommand: CommandSpec = {
  name: "doctor",
  usage: "pnpm images doctor [--fix] [--registry HOST:PORT]",
  options: {
    fix: {
      type: "boolean",
      description: "Install missing packages (Debian family), configure and start dockerd and the registry",
    },
    registry: {
      type: "string",
      value: "HOST:PORT",
      description: `Address the local registry answers on (default ${defaultRegistryAddress})`,
    },
  },
  notes: [
    "Required: docker engine, buildx >= 0.13, containerd image " +
      "store, compose v2, a registry. Optional (warn only): " +
      "shellcheck, debootstrap, qemu arm64.",
    "Exit 0 when every required part is there, 1 otherwise. Running --fix twice changes nothing the second time.",
  ],
  run: async (ctx, values) => {
    const address = registryAddress(stringOption(values, "registry"));
    const world = { exec: ctx.exec, http: httpRequest, ...localFiles };
    const probes = await probeToolchain(world, address);
    const findings = checkToolchain(probes, address);
    if (!flag(values, "fix")) return report(ctx, findings);
    return fixToolchain(ctx, address, { probes, findings });
  },
};

/** `doctor --fix` from probes already read (or read here): plan, apply, check again. Exit code. */
export async function fixToolchain(
  ctx: CommandContext,
  address = defaultRegistryAddress,
  read?: { probes: Probes; findings: Finding[] },
): Promise<number> {
  const world = { exec: ctx.exec, http: httpRequest, ...localFiles };
  const probes = read?.probes ?? (await probeToolchain(world, address));
  const findings = read?.findings ?? checkToolchain(probes, address);
  const env = await fixEnvironment(ctx, address);
  const steps = planFixes(findings, probes, env);
  if (steps.length === 0) {
    formatFindings(findings).forEach((line) => ctx.out(line));
    ctx.out("nothing to do: the toolchain is complete");
    return requiredFailures(findings).length ? 1 : 0;
  }
  assertDebianFamily(probes.osRelease, findings);
  await applyFixes(steps, env, applyWorld(ctx));
  const after = checkToolchain(await probeToolchain(world, address), address);
  return report(ctx, after);
}

function report(ctx: CommandContext, findings: readonly Finding[]): number {
  formatFindings(findings).forEach((line) => ctx.out(line));
  const failures = requiredFailures(findings);
  if (failures.length)
    ctx.err(
      `doctor: ${failures.length} required ` +
        `part${failures.length > 1 ? "s are" : " is"} missing: ` +
        `${failures.map((f) => f.part).join(", ")}`,
    );
  return failures.length ? 1 : 0;
}

function registryAddress(option: string | undefined): string {
  const address = option ?? defaultRegistryAddress;
  if (!/^[\w.-]+:\d{1,5}$/.test(address))
    throw new UsageError(`--registry "${address}" is not HOST:PORT`, `Example: --registry ${defaultRegistryAddress}`);
  return address;
}

async function fixEnvironment(ctx: CommandContext, address: string): Promise<FixEnvironment> {
  const base = { cacheDir: join(ctx.workspace, ".cache"), registryAddress: address };
  if (process.getuid?.() === 0) return { ...base, privilege: [] };
  if (await which("sudo", ctx.exec)) return { ...base, privilege: ["sudo", "-n"] };
  throw new EngineError(
    "doctor --fix needs root (apt-get, dockerd, binfmt) and sudo is not installed",
    "Rerun as root, or install sudo.",
  );
}

function applyWorld(ctx: CommandContext): Parameters<typeof applyFixes>[2] {
  return {
    // apt-get and the engine's start can each take a minute: show them running.
    exec: progressExec(ctx.exec, stderrProgress()),
    http: httpRequest,
    readText: localFiles.readText,
    writeFile: (path, content) => writeFileSync(path, content),
    mkdir: (path) => mkdirSync(path, { recursive: true }),
    sleep: (ms) => sleep(ms, undefined, { signal: ctx.signal }),
    now: () => ctx.now().getTime(),
    report: (line) => ctx.out(line),
  };
}
