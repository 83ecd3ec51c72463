// The @actions/core edge through its env contract: GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { ReleaseFailedError } from "../../../scripts/errors/release.ts";
import { createReporter, publishFailure, publishResult } from "../../../scripts/release/actions.ts";
import type { ReleaseResult } from "../../../scripts/release/release.ts";
import { fixtures } from "./github-env.ts";

const result = JSON.parse(readFileSync(new URL("result-v1.2.3.json", fixtures), "utf8")) as ReleaseResult;
let dir: string;
let env: NodeJS.ProcessEnv;

// One folder for the whole file: core.summary remembers the first summary path it sees.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "release-actions-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  env = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };
  writeFileSync(join(dir, "output"), "");
  writeFileSync(join(dir, "summary"), "");
  // @actions/core reads process.env, as it does inside a runner.
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value ?? "");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM`, value lines, `DELIM`. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index] ?? "");
    if (!match?.[1] || !match[2]) continue;
    const end = lines.indexOf(match[2], index + 1);
    outputs[match[1]] = lines.slice(index + 1, end).join("\n");
    index = end;
  }
  return outputs;
}

test("outputs: digest and tags per image, the version, and the whole result as JSON", async () => {
  await publishResult(result, env);
  const outputs = readOutputs(join(dir, "output"));
  expect(outputs["api-digest"]).toBe("sha256:97cd5b8c6138d340424392453e89cf4e2fbbf23b71d5c117e9a6287ea0887afa");
  expect(outputs["echo-agent-tags"]).toBe(
    "127.0.0.1:5000/rehearsal/echo-agent:1.2.3\n127.0.0.1:5000/rehearsal/echo-agent:latest",
  );
  expect(outputs.version).toBe("1.2.3");
  expect(JSON.parse(outputs.result ?? "null")).toEqual(result);
});

test("the step summary is the expected table", async () => {
  await publishResult(result, env);
  expect(readFileSync(join(dir, "summary"), "utf8")).toBe(
    readFileSync(new URL("summary-v1.2.3.html", fixtures), "utf8"),
  );
});

test("files named but not there yet (a rehearsal) are created, not an error after the tags moved", async () => {
  rmSync(join(dir, "output"));
  rmSync(join(dir, "summary"));
  await publishResult(result, env);
  expect(readOutputs(join(dir, "output")).version).toBe("1.2.3");
  expect(readFileSync(join(dir, "summary"), "utf8")).toContain("<h2>Release 1.2.3</h2>");
});

test("without the GITHUB_* files nothing is written and nothing throws", async () => {
  await expect(publishResult(result, {})).resolves.toBeUndefined();
  expect(readFileSync(join(dir, "output"), "utf8")).toBe("");
});

test("a failure is summarised, and annotated at its file and line inside Actions", async () => {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => lines.push(String(chunk)) > 0);
  await publishFailure(new ConfigError("invalid smoke spec", { file: "api/smoke.yaml", line: 7 }), "1.2.3", {
    ...env,
    GITHUB_ACTIONS: "true",
  });
  write.mockRestore();
  expect(lines.join("")).toContain("::error title=release failed,file=api/smoke.yaml,line=7::invalid smoke spec");
  expect(readFileSync(join(dir, "summary"), "utf8")).toContain("<h2>Release 1.2.3 failed</h2>");
});

test("outside Actions the reporter prints plain groups and file:line annotations", async () => {
  const lines: string[] = [];
  const reporter = createReporter({}, (text) => lines.push(text));
  await reporter.group("Lint gate", async () =>
    reporter.annotate({ level: "error", message: "DL3007: pin the tag", file: "api/Dockerfile", line: 3, column: 1 }),
  );
  expect(lines).toEqual(["── Lint gate", "api/Dockerfile:3:1: error: DL3007: pin the tag"]);
});

test("a failed release writes its failure report, as read back, to the `result` output", async () => {
  const report = {
    schemaVersion: 1,
    status: "failed",
    version: "1.1.0",
    registry: "127.0.0.1:5000/ns",
    error: "release stopped while tagging …",
    rollback: { deleteByTag: false, deleteByDigest: false },
    tags: [
      {
        reference: "127.0.0.1:5000/ns/api:1.1.0",
        target: "api",
        before: null,
        wanted: "sha256:aa",
        now: "sha256:aa",
        outcome: "released",
      },
    ],
    staging: null,
  } as const;
  await publishFailure(
    new ReleaseFailedError("release stopped while tagging …", { ...report, tags: [...report.tags] }, { exitCode: 1 }),
    "1.1.0",
    env,
  );
  expect(JSON.parse(readOutputs(join(dir, "output")).result ?? "null")).toEqual(report);
});
