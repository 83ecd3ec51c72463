import { describe, expect, test } from "vitest";
import { contextFromGithubEnv } from "../../../scripts/tags/github-context.ts";
import { readEnvFile, readFixtureFile } from "./github-fixtures.ts";

describe("contextFromGithubEnv", () => {
  test("push to a branch: ref, sha, default branch, commit date and repository from the payload", () => {
    expect(contextFromGithubEnv(readEnvFile("push-main"), readFixtureFile)).toEqual({
      eventName: "push",
      ref: "refs/heads/main",
      sha: "3f9c2b7d41e08a6c5f1d2e3b4a5968778695a4b3",
      defaultBranch: "main",
      repository: "acme/agent-images",
      serverUrl: "https://github.com",
      commitDate: new Date("2026-11-20T16:45:12Z"),
      repo: {
        name: "agent-images",
        description: "Container images for the agent fleet",
        htmlUrl: "https://github.com/acme/agent-images",
        license: "Apache-2.0",
        defaultBranch: "main",
      },
      notes: [],
    });
  });

  test("tag push keeps base_ref and takes the head commit date", () => {
    const context = contextFromGithubEnv(readEnvFile("push-tag"), readFixtureFile);
    expect(context).toMatchObject({
      ref: "refs/tags/v1.2.3",
      baseRef: "refs/heads/main",
      commitDate: new Date("2026-11-22T10:30:00Z"),
    });
  });

  test("pull request: number, head and base from the payload, merge sha by default", () => {
    const context = contextFromGithubEnv(readEnvFile("pull-request"), readFixtureFile);
    expect(context).toMatchObject({
      eventName: "pull_request",
      ref: "refs/pull/42/merge",
      sha: "0d1c2b3a495867f5e4d3c2b1a09f8e7d6c5b4a39",
      prNumber: 42,
      prHeadSha: "7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
      prBaseRef: "main",
    });
  });

  test.each([
    ["true", "7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"],
    ["TRUE", "7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"],
    ["false", "0d1c2b3a495867f5e4d3c2b1a09f8e7d6c5b4a39"],
  ])("DOCKER_METADATA_PR_HEAD_SHA=%s", (value, sha) => {
    expect(
      contextFromGithubEnv({ ...readEnvFile("pull-request"), DOCKER_METADATA_PR_HEAD_SHA: value }, readFixtureFile).sha,
    ).toBe(sha);
  });

  test("pull_request_target tags the pull request, not the base branch", () => {
    const env = {
      ...readEnvFile("pull-request"),
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_REF: "refs/heads/main",
    };
    expect(contextFromGithubEnv(env, readFixtureFile).ref).toBe("refs/pull/42/merge");
  });

  test("schedule payload without a repository: no repo facts, no default branch", () => {
    const context = contextFromGithubEnv(readEnvFile("schedule"), readFixtureFile);
    expect(context.repo).toBeUndefined();
    expect(context.defaultBranch).toBeUndefined();
    expect(context.eventName).toBe("schedule");
  });

  test("an unreadable payload still gives a context, and says why details are missing", () => {
    const context = contextFromGithubEnv(
      { GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/heads/dev", GITHUB_SHA: "abc", GITHUB_EVENT_PATH: "/nope.json" },
      () => {
        throw new Error("ENOENT");
      },
    );
    expect(context).toMatchObject({ eventName: "push", ref: "refs/heads/dev", sha: "abc" });
    expect(context.notes).toEqual([expect.stringMatching(/cannot read the event payload \/nope.json \(ENOENT\)/)]);
  });

  test("an empty environment gives an empty context with a note about the sha", () => {
    const context = contextFromGithubEnv({}, () => "{}");
    expect(context).toEqual({
      eventName: "",
      ref: "",
      sha: "",
      notes: [expect.stringMatching(/GITHUB_SHA is not set/)],
    });
  });
});
