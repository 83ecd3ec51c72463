// contextFromGit against a scripted git: answers are canned, nothing is spawned.
import { describe, expect, test } from "vitest";
import { EngineError } from "../../../scripts/errors/errors.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import {
  chooseRef,
  contextFromGit,
  headLogArgs,
  parseHeadLog,
  parseRemote,
} from "../../../scripts/tags/git-context.ts";

const sha = "72f6086fe88e00c4b878c66102c07041f53ecb7e";

function fakeGit(answers: Record<string, string | undefined>): Exec & { calls: string[] } {
  const calls: string[] = [];
  const run = async (argv: readonly string[]) => {
    const key = argv.slice(1).join(" ");
    calls.push(argv.join(" "));
    const stdout = answers[key];
    return {
      argv,
      exitCode: stdout === undefined ? 128 : 0,
      stdout: stdout === undefined ? "" : `${stdout}\n`,
      stderr: "",
    };
  };
  return Object.assign(run, { calls });
}

const headLog = headLogArgs.join(" ");
const repoAnswers = {
  [headLog]: `${sha}\n2026-11-20T17:45:12+01:00\nHEAD -> feature/x, origin/feature/x`,
  "remote get-url origin": "git@github.com:acme/agent-images.git",
  "symbolic-ref -q --short refs/remotes/origin/HEAD": "origin/main",
};

describe("contextFromGit", () => {
  test("a branch checkout is a push of that branch", async () => {
    const exec = fakeGit(repoAnswers);
    expect(await contextFromGit(exec, "/work/repo")).toEqual({
      eventName: "push",
      ref: "refs/heads/feature/x",
      sha,
      defaultBranch: "main",
      repository: "acme/agent-images",
      serverUrl: "https://github.com",
      commitDate: new Date("2026-11-20T16:45:12Z"),
      repo: {
        name: "agent-images",
        description: "",
        htmlUrl: "https://github.com/acme/agent-images",
        license: "",
        defaultBranch: "main",
      },
      notes: [],
    });
    // One process for HEAD, two for origin: a checkout with commits never asks for more.
    expect(exec.calls).toHaveLength(3);
    expect(exec.calls.every((call) => call.startsWith("git "))).toBe(true);
  });

  test("HEAD at tags: the highest semver tag wins over the branch", async () => {
    const context = await contextFromGit(
      fakeGit({
        ...repoAnswers,
        [headLog]: `${sha}\n2026-11-20T17:45:12+01:00\nHEAD -> main, tag: v1.2.3, tag: latest-build, tag: v1.10.0`,
      }),
      "/work/repo",
    );
    expect(context.ref).toBe("refs/tags/v1.10.0");
  });

  test("a repository without commits: its branch, no sha, and a note", async () => {
    const context = await contextFromGit(fakeGit({ "symbolic-ref -q --short HEAD": "main" }), "/tmp/empty");
    expect(context).toEqual({
      eventName: "push",
      ref: "refs/heads/main",
      sha: "",
      repo: { name: "empty", description: "", htmlUrl: "", license: "" },
      notes: [expect.stringMatching(/no commits yet: no sha tag/)],
    });
  });

  test("not a git repository: refs/heads/local, no sha, and a note", async () => {
    const context = await contextFromGit(fakeGit({}), "/tmp/plain");
    expect(context).toEqual({
      eventName: "push",
      ref: "refs/heads/local",
      sha: "",
      repo: { name: "plain", description: "", htmlUrl: "", license: "" },
      notes: [expect.stringMatching(/\/tmp\/plain is not a git repository/)],
    });
  });

  test("git missing from PATH reads as not a repository", async () => {
    const missing: Exec = async () => {
      throw new EngineError("`git` is not installed or not on PATH");
    };
    expect((await contextFromGit(missing, "/tmp/plain")).ref).toBe("refs/heads/local");
  });
});

describe("parseHeadLog", () => {
  test.each([
    [
      "attached, with tags",
      `${sha}\nD\nHEAD -> main, tag: v1.0.0, tag: a,b`,
      { branch: "main", tags: ["v1.0.0", "a,b"] },
    ],
    ["detached at a branch's commit", `${sha}\nD\nHEAD, tag: v2.0.0, main`, { tags: ["v2.0.0"] }],
    ["no decorations", `${sha}\nD\n`, { tags: [] }],
  ])("%s", (_, text, expected) => {
    expect(parseHeadLog(text)).toEqual({ sha, date: "D", ...expected });
  });

  test.each([[undefined], [""], ["fatal: not a git repository"]])("%j is no answer", (text) => {
    expect(parseHeadLog(text)).toBeUndefined();
  });

  test("a detached HEAD at a branch's commit is no push of that branch", async () => {
    const context = await contextFromGit(
      fakeGit({ ...repoAnswers, [headLog]: `${sha}\n2026-11-20T17:45:12+01:00\nHEAD, main` }),
      "/work/repo",
    );
    expect(context.ref).toBe("refs/heads/local");
    expect(context.notes).toEqual([expect.stringMatching(/detached/)]);
  });
});

describe("chooseRef", () => {
  test.each([
    ["main", [], "refs/heads/main", 0],
    ["main", ["v1.0.0"], "refs/tags/v1.0.0", 0],
    [undefined, ["v1.0.0", "v2.0.0-rc.1", "v1.9.9"], "refs/tags/v2.0.0-rc.1", 0],
    [undefined, ["zeta", "alpha"], "refs/tags/alpha", 0],
    [undefined, [], "refs/heads/local", 1],
  ])("branch %s, tags %j → %s", (branch, tags, ref, noteCount) => {
    const notes: string[] = [];
    expect(chooseRef(branch, tags, notes)).toBe(ref);
    expect(notes).toHaveLength(noteCount);
  });
});

describe("parseRemote", () => {
  test.each([
    ["git@github.com:acme/api.git", { serverUrl: "https://github.com", repository: "acme/api" }],
    ["https://github.com/acme/api.git", { serverUrl: "https://github.com", repository: "acme/api" }],
    ["https://x-access-token:secret@github.com/acme/api", { serverUrl: "https://github.com", repository: "acme/api" }],
    [
      "ssh://git@git.acme.test:2222/group/sub/api.git",
      { serverUrl: "https://git.acme.test", repository: "group/sub/api" },
    ],
    ["/srv/git/api.git", undefined],
    [undefined, undefined],
  ])("%s", (url, expected) => {
    expect(parseRemote(url)).toEqual(expected);
  });
});
