// Findings → aligned lines for a human. Pure.
import { EngineError } from "../errors/errors.ts";
import { isDebianFamily, parseOsRelease } from "./parse.ts";
import type { Finding } from "./types.ts";

const partWidth = 17;

export function formatFinding(finding: Finding): string {
  const status = finding.ok ? "ok  " : finding.required ? "FAIL" : "warn";
  const detail = finding.ok
    ? (finding.version ?? "")
    : `${finding.problem ?? "missing"}${finding.fix ? ` — fix: ${finding.fix}` : ""}`;
  return `${status} ${finding.part.padEnd(partWidth)} ${detail}`.trimEnd();
}

/** One line per applied fix step, aligned with the findings. */
export function formatStep(status: "did" | "note" | "warn", part: string, text: string): string {
  return `${status.padEnd(4)} ${part.padEnd(partWidth)} ${text}`;
}

export function formatFindings(findings: readonly Finding[]): string[] {
  return findings.map(formatFinding);
}

/** What to install by hand on a machine --fix cannot handle. */
export function manualInstallList(findings: readonly Finding[]): string {
  const packages = [
    ...new Set(
      findings
        .filter((finding) => !finding.ok)
        .flatMap((finding) => finding.packages.map((name) => name.replace(/\/trixie$/, ""))),
    ),
  ];
  return packages.length
    ? packages.join(", ")
    : "nothing to install; start dockerd and a registry on the address shown";
}

/** --fix uses apt and Debian's packages: anywhere else, name what to install by hand. */
export function assertDebianFamily(osRelease: string | undefined, findings: readonly Finding[]): void {
  const os = parseOsRelease(osRelease ?? "");
  if (isDebianFamily(os)) return;
  throw new EngineError(
    `doctor --fix only installs packages on Debian-family machines; this is ${os.prettyName ?? os.id}`,
    `Install by hand: ${manualInstallList(findings)} (docker ` +
      `engine >= 24 with the containerd snapshotter, buildx >= ` +
      `0.13, compose v2), then rerun \`pnpm images doctor\`.`,
  );
}
