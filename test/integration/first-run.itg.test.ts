// A first build against a mirror that has nothing: the build seeds exactly the stand-in its target
// needs (for the native platform only), then builds. With set-up off, the error names the command.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startScratchRegistry, type ScratchRegistry } from "./scratch-registry.ts";
import { copyWorkspace, runCli, uniqueName, type WorkspaceCopy } from "./workspace-copy.ts";

let workspace: WorkspaceCopy;
let mirror: ScratchRegistry;

beforeAll(async () => {
  workspace = await copyWorkspace();
  mirror = await startScratchRegistry(5055);
  const configFile = join(workspace.dir, "images.config.yaml");
  writeFileSync(
    configFile,
    readFileSync(configFile, "utf8").replaceAll("127.0.0.1:5000/library/", `${mirror.host}/library/`),
  );
});

afterAll(async () => {
  await mirror.stop();
  workspace.remove();
});

const buildApi = (extra: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof runCli> =>
  runCli(
    [
      "build",
      "api",
      "--workspace",
      workspace.dir,
      "--no-smoke",
      "--no-lint",
      "--progress",
      "plain",
      "--registry",
      `${mirror.host}/${uniqueName("first-run")}`,
      ...extra,
    ],
    env,
  );

const tagsOf = async (repository: string): Promise<string[]> => {
  const response = await fetch(`http://${mirror.host}/v2/${repository}/tags/list`);
  return response.status === 200 ? ((await response.json()) as { tags: string[] }).tags : [];
};

describe("first run against an empty mirror", () => {
  test("with set-up off, the build stops before BuildKit with the upstream, the mirror and the command", async () => {
    const result = await buildApi(["--no-setup"]);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      `error: the build needs debian:bookworm-slim, whose mirror ` +
        `${mirror.host}/library/debian:bookworm-slim is missing; ` +
        `set-up is off`,
    );
    expect(result.stderr).toMatch(
      /hint: Run `pnpm images bases seed --only debian:bookworm-slim --platform linux\/amd64`/,
    );
    expect(await tagsOf("library/debian")).toEqual([]);
  });

  test("the build seeds the one stand-in its target needs, announcing why, then builds", async () => {
    const result = await buildApi([]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /setup: the mirror lacks debian:bookworm-slim: building the stand-in from Debian packages/,
    );
    // mmdebstrap where the toolchain installed it, else debootstrap: the same rootfs.
    expect(result.stderr).toMatch(/\[\d\d:\d\d:\d\d\] done (?:mmdebstrap|debootstrap) bookworm .* in \d+:\d\d/);
    expect(await tagsOf("library/debian")).toEqual(["bookworm-slim"]);
    // Only what the target needs: no python or node stand-in, no arm64 rootfs.
    expect(await tagsOf("library/python")).toEqual([]);
    expect(result.stderr).not.toMatch(/--arch(?:itectures)?=arm64/);
  });

  test("a second build finds the stand-in and changes nothing", async () => {
    const result = await buildApi([]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/^setup:/m);
  });
});
