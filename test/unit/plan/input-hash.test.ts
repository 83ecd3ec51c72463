import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { isIncluded, parseDockerignore } from "../../../scripts/plan/dockerignore.ts";
import { contextFiles, hashInput, hashTargets, requireInputs } from "../../../scripts/plan/input-hash.ts";
import { formatError, MissingInputError } from "../../../scripts/errors/errors.ts";
import { readFileSync } from "node:fs";

describe("dockerignore", () => {
  const rules = parseDockerignore("# comment\n*.md\n!README.md\nnode_modules\n**/*.pyc\n/build/\ntmp?\n");
  test.each([
    ["notes.md", false],
    ["README.md", true],
    ["node_modules/a/b.js", false],
    ["src/x/y.pyc", false],
    ["y.pyc", false],
    ["build/out.txt", false],
    ["src/build/out.txt", true],
    ["tmp1", false],
    ["tmp12", true],
    ["agent.py", true],
  ])("%s included: %s", (path, included) => {
    expect(isIncluded(path, rules)).toBe(included);
  });
});

describe("input hash", () => {
  const base = {
    dockerfile: "FROM x",
    files: [
      { path: "a", sha256: "1" },
      { path: "b", sha256: "2" },
    ],
    args: { A: "1", B: "2" },
    labels: {},
    bases: {},
    dependencies: [],
  };

  test("does not depend on key or file order", () => {
    expect(hashInput(base)).toBe(hashInput({ ...base, files: [...base.files].reverse(), args: { B: "2", A: "1" } }));
  });

  test.each([
    ["dockerfile", { dockerfile: "FROM y" }],
    ["a file", { files: [{ path: "a", sha256: "9" }] }],
    ["an arg", { args: { A: "2" } }],
    ["a base image", { bases: { "python:3": "mirror@sha256:1" } }],
    ["a dependency", { dependencies: ["abc"] }],
  ])("changes with %s", (_, change) => {
    expect(hashInput({ ...base, ...change })).not.toBe(hashInput(base));
  });

  test("a change to the base changes every agent, and an agent edit changes only that agent", () => {
    const dir = mkdtempSync(join(tmpdir(), "hash-"));
    cpSync("test/fixtures/workspace", dir, { recursive: true });
    const definition = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), dir);
    const order = ["python-agent-base", "echo-agent", "notes-agent", "api"];
    const before = hashTargets(definition, order, {});
    writeFileSync(join(dir, "agents/echo/agent.py"), "# edited\n", { flag: "a" });
    const agentEdit = hashTargets(definition, order, {});
    expect(Object.keys(before).filter((t) => before[t] !== agentEdit[t])).toEqual(["echo-agent"]);
    writeFileSync(join(dir, "base/agent-entrypoint.sh"), "# edited\n", { flag: "a" });
    const baseEdit = hashTargets(definition, order, {});
    expect(Object.keys(before).filter((t) => agentEdit[t] !== baseEdit[t])).toEqual([
      "python-agent-base",
      "echo-agent",
      "notes-agent",
    ]);
  });

  test("files that .dockerignore drops do not count", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctx-"));
    writeFileSync(join(dir, ".dockerignore"), "smoke.yaml\n");
    writeFileSync(join(dir, "smoke.yaml"), "x");
    writeFileSync(join(dir, "app.py"), "x");
    expect(contextFiles(dir)).toEqual([".dockerignore", "app.py"]);
  });

  test("an edit to a file a `!` class pattern re-includes changes the hash (`*` then `![ab].txt`)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctx-"));
    writeFileSync(join(dir, ".dockerignore"), "*\n![ab].txt\n");
    writeFileSync(join(dir, "a.txt"), "one\n");
    writeFileSync(join(dir, "c.txt"), "ignored\n");
    expect(contextFiles(dir)).toEqual(["a.txt"]);
  });

  test("<Dockerfile>.dockerignore decides instead of the context's .dockerignore", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctx-"));
    writeFileSync(join(dir, ".dockerignore"), "notes.txt\n");
    writeFileSync(join(dir, "app.Dockerfile"), "FROM x\n");
    writeFileSync(join(dir, "app.Dockerfile.dockerignore"), "*.log\n");
    writeFileSync(join(dir, "notes.txt"), "sent\n");
    writeFileSync(join(dir, "debug.log"), "not sent\n");
    expect(contextFiles(dir, join(dir, "app.Dockerfile"))).toEqual([
      ".dockerignore",
      "app.Dockerfile",
      "app.Dockerfile.dockerignore",
      "notes.txt",
    ]);
  });
});

describe("missing inputs", () => {
  const workspace = mkdtempSync(join(tmpdir(), "inputs-"));
  mkdirSync(join(workspace, "app"));
  writeFileSync(join(workspace, "app", "Dockerfile"), "FROM scratch\n");
  const print = {
    target: {
      ok: { context: "app" },
      inline: { context: "app", dockerfile: "nope.Dockerfile", "dockerfile-inline": "FROM scratch\n" },
      remote: { context: "https://github.com/acme/app.git" },
      "no-dockerfile": { context: "app", dockerfile: "hack/lint.Dockerfile" },
      "no-context": { context: "gone" },
    },
  };
  const definition = parseBakePrint(JSON.stringify(print), workspace);

  test("a missing Dockerfile or context names the target and the path, every one at once", () => {
    const run = (): void => requireInputs(definition, Object.keys(print.target), workspace, "bake.hcl");
    expect(run).toThrow(MissingInputError);
    expect(run).toThrow(
      'target "no-dockerfile": Dockerfile app/hack/lint.Dockerfile ' +
        'does not exist; target "no-context": build context gone ' +
        "does not exist",
    );
    expect(formatError(catchError(run)).message).toMatch(
      /^error: bake\.hcl: target "no-dockerfile".*\n {2}hint: Fix `dockerfile` or `context`/,
    );
  });

  test("inline Dockerfiles and remote contexts need nothing on disk, and hash", () => {
    expect(() => requireInputs(definition, ["ok", "inline", "remote"], workspace)).not.toThrow();
    expect(Object.keys(hashTargets(definition, ["ok", "inline", "remote"], {}))).toEqual(["ok", "inline", "remote"]);
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
