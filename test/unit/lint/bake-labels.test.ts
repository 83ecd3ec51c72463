// IMG008 and the labels bake supplies: the repository declares labels in bake.hcl only, so a
// Dockerfile without LABEL lines passes when every bake target that builds it sets them.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lintStage } from "../../../scripts/bake/build-deps.ts";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import { bakeLabelsByDockerfile, readBakeLabels } from "../../../scripts/lint/bake-labels.ts";
import { mergeConfig } from "../../../scripts/lint/config.ts";
import { lintSource } from "../../../scripts/lint/engine.ts";
import { ociLabels } from "../../../scripts/lint/rules/policy-rules.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import type { BakeDefinition } from "../../../scripts/types/bake.ts";

const repository = parseBakePrint(readFileSync("test/fixtures/bake/repository/bake.print.json", "utf8"), "/ws");
const unlabelled = 'FROM debian:bookworm-slim\nUSER 10001\nHEALTHCHECK CMD ["true"]\nENTRYPOINT ["tini", "--"]\n';
const img008 = (bakeLabels: readonly string[]): string[] =>
  lintSource("Dockerfile", unlabelled, mergeConfig({}), bakeLabels)
    .findings.filter((f) => f.code === "IMG008")
    .map((f) => f.message);

describe("bakeLabelsByDockerfile", () => {
  test("the repository: every image's Dockerfile gets the six OCI labels from bake", () => {
    const labels = bakeLabelsByDockerfile(repository);
    expect(Object.keys(labels).sort()).toEqual([
      "/ws/base/Dockerfile",
      "/ws/images/agent.Dockerfile",
      "/ws/images/api/Dockerfile",
    ]);
    for (const keys of Object.values(labels)) expect(keys).toEqual(expect.arrayContaining(ociLabels));
  });

  test("a shared Dockerfile counts only the labels every target building it sets", () => {
    const chat = repository.targets["chat-agent"];
    const rag = repository.targets["rag-agent"];
    if (!chat || !rag) throw new Error("fixture lacks the agents");
    const { "org.opencontainers.image.description": _dropped, ...rest } = rag.labels;
    const definition: BakeDefinition = {
      groups: {},
      targets: { "chat-agent": chat, "rag-agent": { ...rag, labels: rest } },
    };
    const keys = bakeLabelsByDockerfile(definition)["/ws/images/agent.Dockerfile"];
    expect(keys).toContain("org.opencontainers.image.title");
    expect(keys).not.toContain("org.opencontainers.image.description");
  });
});

describe("IMG008 with bake's labels", () => {
  test("without them a Dockerfile with no LABEL lines misses all six", () => {
    expect(img008([])).toEqual([`Missing OCI labels in the final stage: ${ociLabels.join(", ")}.`]);
  });

  test("bake's labels count as present; only what neither sets is named", () => {
    expect(img008(ociLabels)).toEqual([]);
    expect(img008(ociLabels.filter((key) => !key.endsWith(".source")))).toEqual([
      "Missing OCI labels in the final stage: org.opencontainers.image.source.",
    ]);
  });
});

describe("readBakeLabels", () => {
  const workspace = join(import.meta.dirname, "..", "..", "fixtures", "workspace");
  const printed = readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8");

  test("reads the workspace's bake file through bake --print", async () => {
    const seen: string[][] = [];
    const exec: Exec = async (argv) => (seen.push([...argv]), { argv, exitCode: 0, stdout: printed, stderr: "" });
    const { labels, note } = await readBakeLabels({ workspace, exec, env: {} });
    expect(seen).toEqual([["docker", "buildx", "bake", "-f", "bake.hcl", "--print"]]);
    expect(note).toBeUndefined();
    expect(Object.keys(labels)).toContain(join(workspace, "agents/echo/Dockerfile"));
  });

  test("a bake file that cannot be read leaves a note and no labels, never an error", async () => {
    const exec: Exec = async (argv) => ({ argv, exitCode: 1, stdout: "", stderr: "ERROR: failed to parse bake.hcl" });
    expect(await readBakeLabels({ workspace, exec, env: {} })).toEqual({
      labels: {},
      note:
        `note: the bake file's labels are unknown (${join(workspace, "bake.hcl")}: bake definition is invalid: ` +
        "failed to parse bake.hcl), so IMG008 counted LABEL lines only.",
    });
  });

  test("a workspace without a bake file has no bake labels and runs nothing", async () => {
    const exec: Exec = () => Promise.reject(new Error("no process may be spawned here"));
    expect(
      await readBakeLabels({ workspace: join(import.meta.dirname, "..", "..", "fixtures", "lint"), exec, env: {} }),
    ).toEqual({ labels: {} });
  });
});

describe("the build's lint gate", () => {
  const noExec: Exec = () => Promise.reject(new Error("no process may be spawned here"));
  const dir = mkdtempSync(join(tmpdir(), "lint-gate-bake-"));
  const dockerfile = join(dir, "images", "Dockerfile");
  mkdirSync(join(dir, "images"));
  writeFileSync(dockerfile, unlabelled);
  writeFileSync(join(dir, ".hadolint.yaml"), "failure-threshold: warning\n");
  const quiet = (): void => undefined;
  const ctx: CommandContext = {
    workspace: dir,
    env: {},
    now: () => new Date(0),
    exec: noExec,
    out: quiet,
    err: quiet,
    isTTY: false,
    signal: new AbortController().signal,
  };
  const definition = (labels: Record<string, string>): BakeDefinition => {
    const target = parseBakePrint(
      JSON.stringify({ target: { app: { context: "images", dockerfile: "Dockerfile", labels } } }),
      dir,
    ).targets.app;
    if (!target) throw new Error("no target");
    return { groups: {}, targets: { app: target } };
  };

  test("passes a Dockerfile without LABELs when its bake target sets them, without reading bake again", async () => {
    const all = Object.fromEntries(ociLabels.map((key) => [key, "x"]));
    expect(await lintStage(ctx, [dockerfile], definition(all))).toBe(true);
  });

  test("stops the build when neither sets them", async () => {
    expect(await lintStage(ctx, [dockerfile], definition({ "org.opencontainers.image.title": "app" }))).toBe(false);
  });
});
