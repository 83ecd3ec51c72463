// Ctrl-C in every command exits 130 and says it was interrupted: the signal aborts the command, and
// the child that the same Ctrl-C killed (exit by signal) is reported as the interrupt, not as a failure.
import { resolve } from "node:path";
import { expect, test } from "vitest";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import { commands } from "../../../scripts/cli/registry.ts";
import { runCli } from "../../../scripts/cli.ts";
import { CommandError, InterruptedError } from "../../../scripts/errors/errors.ts";
import type { Exec } from "../../../scripts/process/exec.ts";

const repo = resolve(import.meta.dirname, "../../..");
const fixtureWorkspace = resolve(repo, "test/fixtures/workspace");

/** Each command as a user starts it; every one reaches a child process before it is done. */
const invocations: Record<string, string[]> = {
  doctor: ["doctor"],
  bases: ["bases", "seed"],
  lint: ["lint", "--engine", "hadolint"],
  plan: ["plan"],
  tags: ["tags"],
  build: ["build", "echo-agent"],
  smoke: ["smoke", "echo-agent"],
  // The fixture workspace has no compose files; the repository has.
  stack: ["stack", "test", "--workspace", repo],
  release: ["release", "--registry", "127.0.0.1:5000/rehearsal"],
  setup: ["setup"],
};

test("every command is covered", () => {
  expect(Object.keys(invocations).sort()).toEqual(Object.keys(commands).sort());
});

test.each(Object.entries(invocations))("Ctrl-C during %s's first child process exits 130", async (_name, argv) => {
  const controller = new AbortController();
  const spawned: string[] = [];
  // The terminal's SIGINT reaches the child and us at once: the child dies by the signal.
  const exec: Exec = async (args) => {
    spawned.push(args.join(" "));
    controller.abort(new InterruptedError());
    return Promise.reject(new CommandError(args, null, ""));
  };
  const err: string[] = [];
  const ctx: CommandContext = {
    workspace: fixtureWorkspace,
    env: { PATH: "/nonexistent", IMAGES_MIRROR_MODE: "off", IMAGES_NO_SETUP: "1" },
    now: () => new Date("2026-01-02T03:04:05Z"),
    exec,
    // A registry that holds nothing, so `bases seed` goes on to its engine check whatever this machine runs.
    fetch: async () => new Response("", { status: 404 }),
    out: () => undefined,
    err: (text) => err.push(text),
    isTTY: false,
    signal: controller.signal,
  };
  const code = await runCli(argv, ctx);
  expect(spawned.length, err.join("\n")).toBeGreaterThan(0);
  expect([code, err.join("\n")]).toEqual([130, expect.stringMatching(/^error: (build )?interrupted/m)]);
});
