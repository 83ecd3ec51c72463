import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { printInputs, printKey, relevantEnv, withBakePrintCache } from "../../../scripts/process/bake-print-cache.ts";
import type { Exec } from "../../../scripts/process/exec.ts";

describe("printInputs", () => {
  test.each([
    [["docker", "buildx", "bake", "-f", "bake.hcl", "--print", "default"], ["bake.hcl"]],
    [
      ["docker", "buildx", "bake", "--file", "a.hcl", "-f", "b.hcl", "--print"],
      ["a.hcl", "b.hcl"],
    ],
    [["docker", "buildx", "bake", "-f", "bake.hcl", "agents"], undefined],
    [["docker", "image", "inspect", "--print"], undefined],
  ])("%j reads %j", (argv, files) => {
    expect(printInputs(argv)).toEqual(files);
  });
});

test("printKey changes with the argv, the folder, a variable the files name and the files", () => {
  const file = [Buffer.from('variable "A" {}\nvariable "B" {}\n')];
  const base = printKey(["a"], "/ws", { A: "1" }, file);
  expect(printKey(["a"], "/ws", { A: "1" }, file)).toBe(base);
  const variants = [
    printKey(["b"], "/ws", { A: "1" }, file),
    printKey(["a"], "/other", { A: "1" }, file),
    printKey(["a"], "/ws", { A: "2" }, file),
    printKey(["a"], "/ws", { A: "1", B: "" }, file),
    printKey(["a"], "/ws", { A: "1", BUILDX_GIT_INFO: "0" }, file),
    printKey(["a"], "/ws", { A: "1" }, [Buffer.from('variable "A" {}\n')]),
  ];
  expect(new Set([base, ...variants]).size).toBe(7);
});

test("variables no file names, and that bake does not read, leave the key alone", () => {
  const file = [Buffer.from('variable "TAG" { default = "dev" }\ntarget "a" { tags = ["x:${TAG}"] }\n')];
  const base = printKey(["a"], "/ws", { TAG: "1" }, file);
  expect(printKey(["a"], "/ws", { TAG: "1", _: "/usr/bin/env", OLDPWD: "/tmp", SHLVL: "3" }, file)).toBe(base);
  expect(relevantEnv({ TAG: "1", TAGS: "2", SOURCE_DATE_EPOCH: "0", HOME: "/root" }, file)).toEqual([
    ["SOURCE_DATE_EPOCH", "0"],
    ["TAG", "1"],
  ]);
});

describe("withBakePrintCache", () => {
  let workspace: string;
  let cache: string;
  let calls: string[][];
  let answer: { exitCode: number; stdout: string };
  const inner: Exec = async (argv) => {
    calls.push([...argv]);
    return { argv, stderr: "", ...answer };
  };
  const print = ["docker", "buildx", "bake", "-f", "bake.hcl", "--print"];

  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), "print-cache-ws-"));
    cache = join(mkdtempSync(join(tmpdir(), "print-cache-")), "bake-print");
    writeFileSync(join(workspace, "bake.hcl"), 'target "a" {}\n');
    calls = [];
    answer = { exitCode: 0, stdout: '{"target":{"a":{}}}' };
  });

  test("asks bake once for the same inputs, again after the bake file changes", async () => {
    const exec = withBakePrintCache(inner, cache);
    const first = await exec(print, { cwd: workspace, env: { A: "1" } });
    const second = await exec(print, { cwd: workspace, env: { A: "1" } });
    expect(second).toEqual(first);
    expect(calls).toHaveLength(1);
    writeFileSync(join(workspace, "bake.hcl"), 'target "b" {}\n');
    await exec(print, { cwd: workspace, env: { A: "1" } });
    expect(calls).toHaveLength(2);
  });

  test("never keeps a failure, and passes other commands through", async () => {
    const exec = withBakePrintCache(inner, cache);
    answer = { exitCode: 1, stdout: "" };
    await exec(print, { cwd: workspace });
    await exec(print, { cwd: workspace });
    await exec(["docker", "buildx", "bake", "-f", "bake.hcl", "a"], { cwd: workspace });
    expect(calls).toHaveLength(3);
    expect(readdirSync(join(cache, ".."))).toEqual([]);
  });

  test("an answer older than a day is asked again", async () => {
    let now = Date.now();
    const exec = withBakePrintCache(inner, cache, () => now);
    await exec(print, { cwd: workspace, env: {} });
    now += 2 * 86_400_000;
    await exec(print, { cwd: workspace, env: {} });
    expect(calls).toHaveLength(2);
  });

  test("a bake file that calls timestamp() is never cached", async () => {
    writeFileSync(join(workspace, "bake.hcl"), 'variable "NOW" { default = timestamp() }\n');
    const exec = withBakePrintCache(inner, cache);
    await exec(print, { cwd: workspace, env: {} });
    await exec(print, { cwd: workspace, env: {} });
    expect(calls).toHaveLength(2);
  });
});
