// Faults from the reliability review (issue 10): a cache.dir that would delete sources, `--changed`
// after a failed smoke run, and inputs that must be refused early with the right diagnosis.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { copyWorkspace, runCli, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

let workspace: WorkspaceCopy;
const registry = `${registryHost}/${uniqueName("itg-faults")}`;
// bake's own tags use REGISTRY too, so no other run retags the images this file inspects.
const env = { REGISTRY: registry, IMAGES_CACHE_MODE: "none" };

beforeAll(async () => {
  workspace = await copyWorkspace();
});

afterAll(async () => {
  workspace.remove();
  await exec(["docker", "image", "rm", "--force", `${registry}/python-agent-base:dev`], { check: false });
});

const build = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runCli(["build", "--workspace", workspace.dir, "--no-lint", "--progress", "quiet", "--registry", registry, ...args], {
    ...env,
    ...extra,
  });

describe("cache.dir", () => {
  test('"." with maxSizeMb 1 is a configuration error, and no tracked file is touched', async () => {
    const config = join(workspace.dir, "images.config.yaml");
    const original = readFileSync(config, "utf8");
    writeFileSync(config, original.replace("  mode: local\n", '  mode: local\n  dir: "."\n  maxSizeMb: 1\n'));
    await exec(
      [
        "git",
        "-c",
        "user.name=itg",
        "-c",
        "user.email=itg@example.invalid",
        "commit",
        "-qam",
        "cache in the workspace",
      ],
      { cwd: workspace.dir },
    );
    try {
      const result = await build(["api", "--no-smoke"], { IMAGES_CACHE_MODE: "" });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/cache\.dir "\." is the workspace itself: pruning it would delete sources/);
      const status = await exec(["git", "status", "--porcelain"], { cwd: workspace.dir });
      expect(status.stdout).toBe("");
    } finally {
      writeFileSync(config, original);
      await exec(
        ["git", "-c", "user.name=itg", "-c", "user.email=itg@example.invalid", "commit", "-qam", "cache back"],
        { cwd: workspace.dir },
      );
    }
  });
});

describe("--changed after a failed smoke run", () => {
  test(
    "build (smoke fails, exit 1) then build --changed rebuilds, " + "re-smokes and fails; green only once smoke passes",
    async () => {
      const spec = join(workspace.dir, "base/smoke.yaml");
      const original = readFileSync(spec, "utf8");
      writeFileSync(
        spec,
        "schemaVersion: 2.0.0\ncommandTests:\n  - name: deliberately " +
          'failing\n    command: python3\n    args: ["-c", ' +
          '"print(1)"]\n    expectedOutput: ["^2$"]\n',
      );
      const failed = await build(["python-agent-base"]);
      expect(failed.exitCode, failed.stderr).toBe(1);
      expect(failed.stderr).toMatch(/smoke tests failed/);

      const again = await build(["python-agent-base", "--changed", "--json"]);
      expect(again.exitCode, again.stderr).toBe(1);
      expect(again.stderr).toMatch(/deliberately failing/);
      expect(again.stdout).not.toMatch(/unchanged/);

      writeFileSync(spec, original);
      const passed = await build(["python-agent-base", "--changed", "--json"]);
      expect(passed.exitCode, passed.stderr).toBe(0);
      const skipped = await build(["python-agent-base", "--changed", "--json"]);
      expect(skipped.exitCode, skipped.stderr).toBe(0);
      expect(skipped.stdout).toMatch(/unchanged: .*python-agent-base:dev already has input hash/);
    },
  );
});

describe("inputs are checked before anything runs", () => {
  test("--platform banana is a usage error naming the valid forms", async () => {
    const result = await build(["api", "--platform", "banana"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--platform\[0\] "banana" is not a platform: use os\/arch\[\/variant\]/);
    expect(result.stderr).not.toMatch(/QEMU|emulat/i);
  });

  test.each([
    [
      { IMAGES_CACHE_MODE: "bogus" },
      /IMAGES_CACHE_MODE must be one of: local, registry, gha, inline, none \(got "bogus"\)/,
    ],
    [{ IMAGES_PLATFORMS: "banana" }, /IMAGES_PLATFORMS\[0\] "banana" is not a platform/],
    [{ IMAGES_REGISTRY: "--insecure" }, /IMAGES_REGISTRY "--insecure" is not HOST\[:PORT\]/],
  ])("%j is a configuration error, not an unexpected failure", async (bad, message) => {
    const result = await runCli(["build", "api", "--workspace", workspace.dir, "--dry-run"], { ...env, ...bad });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/unexpected failure/);
  });

  test("--registry that is not a registry location is a usage error", async () => {
    const result = await build(["api", "--registry=--privileged"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/"--privileged" is not a registry location/);
  });

  test("a group naming a missing target names the target (and the group), not the group as unknown", async () => {
    appendFileSync(
      join(workspace.dir, "bake.hcl"),
      '\ngroup "broken" {\n  targets = ["echo-agent", "ghost-agent"]\n}\n',
    );
    const result = await runCli(["build", "broken", "--workspace", workspace.dir, "--dry-run"], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /unknown target "ghost-agent" named by group "broken": the bake file defines no such target/,
    );
  });

  test("smoke --image api=--privileged is refused and never reaches docker", async () => {
    const result = await runCli(["smoke", "api", "--workspace", workspace.dir, "--image", "api=--privileged"], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/"--privileged" is not an image reference/);
  });
});
