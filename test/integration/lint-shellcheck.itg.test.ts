// The real shellcheck binary over the fixtures, and the real CLI over the workspace.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lintFiles } from "../../scripts/lint/lint-files.ts";
import { mergeConfig } from "../../scripts/lint/config.ts";
import { exec } from "../../scripts/process/exec.ts";
import { shellcheckOnPath } from "../../scripts/lint/shellcheck.ts";
import { cliCommand } from "./workspace-copy.ts";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "lint");

describe("ShellCheck", () => {
  test("is installed (Debian's package)", () => {
    expect(shellcheckOnPath(process.env)).toBe(true);
  });

  test("SC findings land on the Dockerfile line and column, heredocs included, pragmas respected", async () => {
    const result = await lintFiles({
      workspace: fixtures,
      files: [join(fixtures, "heredoc.Dockerfile"), join(fixtures, "production.Dockerfile")],
      config: mergeConfig({}),
      configFile: undefined,
      engine: "native",
      exec,
      env: process.env,
    });
    const sc = result.findings.filter((finding) => finding.code.startsWith("SC"));
    expect(sc).toEqual([
      {
        file: "heredoc.Dockerfile",
        line: 6,
        column: 6,
        code: "SC2086",
        level: "info",
        message: "Double quote to prevent globbing and word splitting.",
      },
    ]);
    expect(result.notes).toEqual([]);
  });
});

describe("the CLI over the repository", () => {
  test("prints a JSON array for every workspace Dockerfile", async () => {
    const result = await exec([...cliCommand, "lint", "--format", "json", "--no-fail"], { cwd: root });
    const findings = JSON.parse(result.stdout) as { file: string; level: string }[];
    expect(Array.isArray(findings)).toBe(true);
    expect(findings.every((finding) => ["error", "warning", "info", "style"].includes(finding.level))).toBe(true);
  });
});
