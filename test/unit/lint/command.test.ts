// `pnpm images lint` end to end in memory: real fixture files, a fake exec, captured output.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { CommandContext, OptionValues } from "../../../scripts/cli/command.ts";
import { lintCommand } from "../../../scripts/lint/lint-command.ts";
import { lintGate } from "../../../scripts/lint/gate.ts";
import type { Exec } from "../../../scripts/process/exec.ts";

const fixtures = join(import.meta.dirname, "..", "..", "fixtures", "lint");
const noExec: Exec = () => Promise.reject(new Error("no process may be spawned here"));

function context(
  workspace: string,
  env: NodeJS.ProcessEnv = { PATH: "" },
): CommandContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    workspace,
    env: { ...env, INIT_CWD: workspace },
    now: () => new Date(0),
    exec: noExec,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    isTTY: false,
    signal: new AbortController().signal,
    stdout,
    stderr,
  };
}

function workspaceWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lint-cmd-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const run = (ctx: CommandContext, values: OptionValues, paths: string[]): Promise<number> =>
  lintCommand.run(ctx, values, paths);

describe("lint command", () => {
  test("--format json lints many files in one process and prints the array", async () => {
    const ctx = context(fixtures);
    const code = await run(ctx, { format: "json", "no-shellcheck": true }, [
      "apt.Dockerfile",
      "stages.Dockerfile",
      "production.Dockerfile",
    ]);
    const findings = JSON.parse(ctx.stdout.join("")) as {
      file: string;
      line: number;
      column: number;
      code: string;
      level: string;
      message: string;
    }[];
    expect(code).toBe(1);
    expect(new Set(findings.map((finding) => finding.file))).toEqual(new Set(["apt.Dockerfile", "stages.Dockerfile"]));
    expect(Object.keys(findings[0] ?? {})).toEqual(["file", "line", "column", "code", "level", "message"]);
  });

  test("exit code follows the threshold; --no-fail and --ignore work", async () => {
    const ws = workspaceWith({ Dockerfile: "FROM debian:12@sha256:00\nRUN cd /x\n" });
    const base = { "no-shellcheck": true, ignore: ["IMG001", "IMG002", "IMG003", "IMG008"] };
    expect(await run(context(ws), { ...base, format: "json" }, [])).toBe(1);
    expect(await run(context(ws), { ...base, "failure-threshold": "error" }, [])).toBe(0);
    expect(await run(context(ws), { ...base, "no-fail": true }, [])).toBe(0);
    expect(await run(context(ws), { ...base, ignore: [...base.ignore, "DL3003"] }, [])).toBe(0);
  });

  test("without shellcheck on PATH the tty report says so once", async () => {
    const ws = workspaceWith({
      "a/Dockerfile": "FROM debian:12\nRUN echo a\n",
      "b.Dockerfile": "FROM debian:12\nRUN echo b\n",
    });
    const ctx = context(ws);
    await run(ctx, { "no-fail": true }, []);
    expect(ctx.stdout.join("\n").match(/shellcheck is not on PATH/g)).toHaveLength(1);
  });

  test(
    "bad input: a missing path or a folder with no Dockerfiles " +
      "is a usage error; empty and binary files are findings",
    async () => {
      const ws = workspaceWith({
        "empty/Dockerfile": "",
        "bin/Dockerfile": "\u0000\u0001\u0002",
        "none/readme.md": "x",
      });
      await expect(run(context(ws), {}, ["nope"])).rejects.toThrow(/no such file or directory: nope/);
      await expect(run(context(ws), {}, ["none"])).rejects.toThrow(/no Dockerfiles in none/);
      const ctx = context(ws);
      expect(await run(ctx, { format: "json", "no-shellcheck": true }, ["empty", "bin"])).toBe(1);
      expect((JSON.parse(ctx.stdout.join("")) as { code: string }[]).map((finding) => finding.code)).toEqual([
        "DL1000",
        "DL1000",
      ]);
    },
  );

  test(
    "--engine hadolint without a hadolint binary runs the " + "hadolint image; a failing one is a clear error",
    async () => {
      const ctx = context(fixtures);
      const spawned: (readonly string[])[] = [];
      ctx.exec = async (argv) => {
        spawned.push(argv);
        return { argv, exitCode: 125, stdout: "", stderr: "Unable to find image 'hadolint/hadolint:v2.15.1' locally" };
      };
      await expect(run(ctx, { engine: "hadolint", "no-shellcheck": true }, ["apt.Dockerfile"])).rejects.toThrow(
        /hadolint failed \(exit 125\)/,
      );
      expect(spawned[0]?.slice(0, 2)).toEqual(["docker", "run"]);
      expect(spawned[0]).toContain("hadolint/hadolint:v2.15.1");
      await expect(run(context(fixtures), { engine: "magic" }, ["apt.Dockerfile"])).rejects.toThrow(
        /--engine must be one of/,
      );
    },
  );

  test("workspace discovery skips node_modules and the linter's own fixtures", async () => {
    const ws = workspaceWith({
      "images/x/Dockerfile": "FROM debian:12\n",
      "node_modules/y/Dockerfile": "FROM\n",
      "test/fixtures/lint/bad.Dockerfile": "FROM\n",
      "z/Dockerfile.dev": "FROM debian:12\n",
    });
    const ctx = context(ws);
    await run(ctx, { format: "json", "no-shellcheck": true, "no-fail": true }, []);
    expect(
      [...new Set((JSON.parse(ctx.stdout.join("")) as { file: string }[]).map((finding) => finding.file))].sort(),
    ).toEqual(["images/x/Dockerfile", "z/Dockerfile.dev"]);
  });

  test("lintGate uses the workspace's .hadolint.yaml and threshold", async () => {
    const ws = workspaceWith({
      ".hadolint.yaml": "failure-threshold: error\nshellcheck: false\n",
      Dockerfile: 'FROM debian:12@sha256:00\nRUN cd /x\nUSER 10001\nHEALTHCHECK CMD ["x"]\nENTRYPOINT ["tini"]\n',
    });
    const gate = await lintGate({ workspace: ws, exec: noExec, env: { PATH: "" } });
    expect(gate.passed).toBe(true);
    expect(gate.findings.map((finding) => finding.code)).toContain("DL3003");
    expect(gate.summary).toMatch(/^lint passed \(threshold error\)/);
  });
});

test("--output writes the report to a file", async () => {
  const ws = workspaceWith({ Dockerfile: "FROM debian:12\n" });
  const ctx = context(ws);
  await run(ctx, { format: "checkstyle", output: "report.xml", "no-shellcheck": true, "no-fail": true }, []);
  expect(ctx.stdout).toEqual([]);
  expect(readFileSync(join(ws, "report.xml"), "utf8")).toMatch(/^<\?xml[\s\S]*<checkstyle version="4.3">[\s\S]*IMG001/);
});
