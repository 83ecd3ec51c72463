// The unit tier answers for the docker CLI with output captured from it (test/fixtures/bake):
// this checks the captures still match what `docker buildx bake --print` says about the fixture
// workspace and about the repository's own bake.hcl (whose golden plans the unit tier compares).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { printArgs } from "../../scripts/read/definition.ts";
import { exec } from "../../scripts/process/exec.ts";

const repo = resolve(import.meta.dirname, "../..");
const workspace = join(repo, "test/fixtures/workspace");
const captured = (name: string): string => readFileSync(join(repo, "test/fixtures/bake", name), "utf8");
const print = (targets: string[]) =>
  exec(printArgs("bake.hcl", targets), {
    cwd: workspace,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    check: false,
  });

test.each([
  ["fixture-workspace.print.json", []],
  ["fixture-workspace.print.json", ["default", "notes-agent"]],
  ["fixture-workspace.agents.print.json", ["default", "agents"]],
])("%s is what --print %j prints", async (file, targets) => {
  const result = await print(targets);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(JSON.parse(captured(file)));
});

test("repository/bake.print.json is what --print prints for the repository's bake.hcl", async () => {
  const result = await exec(printArgs("bake.hcl", []), {
    cwd: repo,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    check: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(JSON.parse(captured("repository/bake.print.json")));
});

test("fixture-workspace.unknown-target.stderr ends with bake's error line", async () => {
  const result = await print(["default", "no-such-target"]);
  expect(result.exitCode).toBe(1);
  const lastLine = (text: string): string | undefined => text.trim().split("\n").at(-1);
  expect(lastLine(result.stderr)).toBe(lastLine(captured("fixture-workspace.unknown-target.stderr")));
});
