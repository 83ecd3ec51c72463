// The linter under load, with the real shellcheck binary: many files under a low open-file limit,
// and one 5 MB Dockerfile. Times go in `pnpm bench`; here the runs must finish and print their JSON.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { shellcheckOnPath } from "../../scripts/lint/shellcheck.ts";
import { largeDockerfile, serviceDockerfile } from "./lint-scale-inputs.ts";
import { cliCommand } from "./workspace-copy.ts";

interface JsonFinding {
  file: string;
  code: string;
}

const workspace = mkdtempSync(join(tmpdir(), "lint-scale-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function lintUnderLimit(
  args: string[],
  openFiles: number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const command = [...cliCommand, "lint", ...args].map((word) => `'${word}'`).join(" ");
  return exec(["bash", "-c", `ulimit -n ${openFiles} && exec ${command}`], { check: false });
}

describe("lint at scale", () => {
  test("shellcheck is installed, so these runs include the ShellCheck pass", () => {
    expect(shellcheckOnPath(process.env)).toBe(true);
  });

  test("120 Dockerfiles of 10 RUN lines each under `ulimit -n 256`: JSON out, normal exit", async () => {
    const many = join(workspace, "many");
    for (let index = 0; index < 120; index += 1) {
      mkdirSync(join(many, `svc-${index}`), { recursive: true });
      writeFileSync(join(many, `svc-${index}`, "Dockerfile"), serviceDockerfile(index));
    }
    const result = await lintUnderLimit(["--workspace", many, "--format", "json", "--no-fail"], 256);
    expect(result.stderr).not.toMatch(/EMFILE|unexpected failure/);
    expect(result.exitCode).toBe(0);
    const findings = JSON.parse(result.stdout) as JsonFinding[];
    const withShellcheck = new Set(
      findings.filter((finding) => finding.code === "SC2046").map((finding) => finding.file),
    );
    expect(withShellcheck.size).toBe(120);
    expect(findings.filter((finding) => finding.code === "SC2046")).toHaveLength(1200);
  });

  test("a 5 MB Dockerfile (~52,000 RUN lines) lints with ShellCheck on and prints its JSON", async () => {
    const dir = join(workspace, "large");
    mkdirSync(dir, { recursive: true });
    const { text, unquoted } = largeDockerfile();
    expect(text.length).toBeGreaterThanOrEqual(5_000_000);
    writeFileSync(join(dir, "Dockerfile"), text);
    const result = await lintUnderLimit(["--workspace", dir, "--format", "json", "--no-fail"], 256);
    expect(result.stderr).not.toMatch(/EMFILE|unexpected failure/);
    expect(result.exitCode).toBe(0);
    const findings = JSON.parse(result.stdout) as JsonFinding[];
    // ShellCheck ran: the unquoted $(date) is reported on every RUN that has it.
    expect(findings.filter((finding) => finding.code === "SC2046")).toHaveLength(unquoted);
  });
});
