import { describe, expect, test } from "vitest";
import {
  commandLabel,
  formatElapsed,
  progressLine,
  withProgress,
  type ProgressWorld,
} from "../../../scripts/report/step-progress.ts";

const at = new Date("2026-12-02T11:52:03Z");

describe("progress of long set-up steps", () => {
  test.each([
    [0, "0:00"],
    [59_999, "0:59"],
    [65_000, "1:05"],
    [3_725_000, "62:05"],
  ])("%i ms is %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  test.each([
    ["start", "[11:52:03] started debootstrap bookworm\n"],
    ["running", "[11:52:03] still running debootstrap bookworm (1:05)\n"],
    ["done", "[11:52:03] done debootstrap bookworm in 1:05\n"],
    ["failed", "[11:52:03] failed debootstrap bookworm after 1:05\n"],
  ] as const)("plain (CI) %s line is timestamped", (state, line) => {
    expect(progressLine("debootstrap bookworm", 65_000, state, at, false)).toBe(line);
  });

  test("a terminal line redraws in place and ends with a newline when done", () => {
    expect(progressLine("docker push x", 5000, "running", at, true)).toBe("\r\x1b[2K… docker push x 0:05");
    expect(progressLine("docker push x", 5000, "done", at, true)).toBe("\r\x1b[2K✓ docker push x 0:05\n");
  });

  test.each([
    [
      ["sudo", "-n", "debootstrap", "--arch=arm64", "--variant=minbase", "bookworm", "/tmp/x"],
      "debootstrap bookworm /tmp/x",
    ],
    [
      [
        "env",
        "DEBIAN_FRONTEND=noninteractive",
        "NEEDRESTART_SUSPEND=1",
        "apt-get",
        "install",
        "-y",
        "--no-install-recommends",
        "docker.io",
      ],
      "apt-get install docker.io",
    ],
    [
      ["docker", "push", "127.0.0.1:5000/library/debian:bookworm-slim"],
      "docker push 127.0.0.1:5000/library/debian:bookworm-slim",
    ],
  ])("%j is labelled %j", (argv, label) => {
    expect(commandLabel(argv)).toBe(label);
  });

  test("a step that runs past the heartbeat says so, and its end says how long it took", async () => {
    let now = at.getTime();
    const lines: string[] = [];
    let tick: () => void = () => undefined;
    const world: ProgressWorld = {
      write: (t) => lines.push(t),
      isTTY: false,
      now: () => new Date(now),
      every: (_ms, f) => ((tick = f), () => (tick = () => undefined)),
    };
    await withProgress(
      "apt-get install",
      async () => {
        now += 30_000;
        tick();
        now += 12_000;
      },
      world,
    );
    expect(lines.map((l) => l.slice(11).trim())).toEqual([
      "started apt-get install",
      "still running apt-get install (0:30)",
      "done apt-get install in 0:42",
    ]);
  });

  test("a failing step is reported as failed and its error passes through", async () => {
    const lines: string[] = [];
    const world: ProgressWorld = {
      write: (t) => lines.push(t),
      isTTY: false,
      now: () => at,
      every: () => () => undefined,
    };
    await expect(withProgress("x", () => Promise.reject(new Error("boom")), world)).rejects.toThrow("boom");
    expect(lines.at(-1)).toMatch(/failed x after 0:00/);
  });
});
