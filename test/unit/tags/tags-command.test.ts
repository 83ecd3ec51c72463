// The command end to end with a fake world: captured GitHub env, canned git, frozen clock.
import { describe, expect, test } from "vitest";
import type { CommandContext, OptionValues } from "../../../scripts/cli/command.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { tagsCommand } from "../../../scripts/tags/tags-command.ts";
import { githubFixtureDir, readEnvFile } from "./github-fixtures.ts";

const noGit: Exec = async (argv) => ({ argv, exitCode: 128, stdout: "", stderr: "fatal: not a git repository" });

function world(env: NodeJS.ProcessEnv, exec: Exec = noGit) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = {
    workspace: "/work/agent-images",
    env,
    now: () => new Date("2026-11-23T12:00:00Z"),
    exec,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    isTTY: false,
    signal: new AbortController().signal,
  };
  return { ctx, out, err };
}

const inActions = (fixture: string): NodeJS.ProcessEnv => {
  const env = readEnvFile(fixture);
  return { ...env, GITHUB_EVENT_PATH: `${githubFixtureDir}/${env.GITHUB_EVENT_PATH}` };
};

async function run(env: NodeJS.ProcessEnv, values: OptionValues, exec?: Exec) {
  const w = world(env, exec);
  const code = await tagsCommand.run(w.ctx, values, []);
  return { code, out: w.out.join("\n"), err: w.err.join("\n") };
}

describe("pnpm images tags", () => {
  test("--json in Actions on a release tag: project defaults, image named after the repository", async () => {
    const { code, out } = await run({ ...inActions("push-tag"), SOURCE_DATE_EPOCH: "1700000000" }, { json: true });
    expect(code).toBe(0);
    const plan = JSON.parse(out) as { version: unknown; tags: string[]; labels: Record<string, string> };
    expect(plan.version).toEqual({ main: "1.2.3", partial: ["1.2", "1", "sha-9a8b7c6"], latest: true });
    expect(plan.tags).toEqual(["agent-images:1.2.3", "agent-images:1.2", "agent-images:1", "agent-images:sha-9a8b7c6", "agent-images:latest"]);
    expect(plan.labels["org.opencontainers.image.created"]).toBe("2023-11-14T22:13:20.000Z");
  });

  test("--image, --tags, --flavor and --label are used as given, per image", async () => {
    const { out } = await run(inActions("push-main"), { json: true, image: ["ghcr.io/acme/api", "ghcr.io/acme/worker"], tags: ["type=edge", "type=sha,format=long"], flavor: ["latest=false"], label: ["org.opencontainers.image.vendor=Acme"] });
    const plan = JSON.parse(out) as { tags: string[]; labels: Record<string, string> };
    expect(plan.tags).toEqual(["ghcr.io/acme/api:edge", "ghcr.io/acme/api:sha-3f9c2b7d41e08a6c5f1d2e3b4a5968778695a4b3", "ghcr.io/acme/worker:edge", "ghcr.io/acme/worker:sha-3f9c2b7d41e08a6c5f1d2e3b4a5968778695a4b3"]);
    expect(plan.labels["org.opencontainers.image.vendor"]).toBe("Acme");
    expect(plan.labels["org.opencontainers.image.created"]).toBe("2026-11-23T12:00:00.000Z");
  });

  test("outside Actions and outside git: a usable listing and a note about the missing sha", async () => {
    const { code, out, err } = await run({}, {});
    expect(code).toBe(0);
    expect(out).toContain("version  local");
    expect(out).toContain("  agent-images:local");
    expect(out).not.toContain("sha-");
    expect(err).toMatch(/note: \/work\/agent-images is not a git repository/);
  });

  test("a non-semver tag under semver rules prints no tags and says why", async () => {
    const env = { ...inActions("push-tag"), GITHUB_REF: "refs/tags/nightly-build" };
    const { out, err } = await run(env, { tags: ["type=semver,pattern={{version}}"] });
    expect(out).toContain("(none)");
    expect(err).toMatch(/nightly-build is not a valid semver version/);
  });

  test("a bad rule is a ConfigError naming it", async () => {
    await expect(run({}, { tags: ["type=semver"] })).rejects.toThrow(/missing pattern attribute in rule "type=semver"/);
  });

  test("a bad DOCKER_METADATA_SHORT_SHA_LENGTH is a ConfigError", async () => {
    await expect(run({ DOCKER_METADATA_SHORT_SHA_LENGTH: "seven" }, {})).rejects.toThrow(/DOCKER_METADATA_SHORT_SHA_LENGTH must be a number/);
  });
});
