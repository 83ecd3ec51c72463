import { describe, expect, test } from "vitest";
import { EngineError } from "../../../scripts/errors/errors.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { engineStatus, interpretEngineVersion, requireEngine } from "../../../scripts/toolchain/engine.ts";
import { engineDown, fixture } from "./probes.ts";

const answering: Exec = async (argv) => ({ argv, exitCode: 0, stdout: fixture("engine-version.txt"), stderr: "" });
const down: Exec = async (argv) => ({ argv, ...engineDown });
const missing: Exec = async () => {
  throw new EngineError("`docker` is not installed or not on PATH");
};

describe("engine status", () => {
  test.each([
    [
      { exitCode: 0, stdout: "26.1.5+dfsg1\n", stderr: "" },
      { ok: true, version: "26.1.5+dfsg1" },
    ],
    [
      engineDown,
      {
        ok: false,
        reason: "Cannot connect to the Docker daemon at unix:///tmp/nope.sock. Is the docker daemon running?",
      },
    ],
    [undefined, { ok: false, reason: "the docker CLI is not installed" }],
    [
      { exitCode: 1, stdout: "", stderr: "" },
      { ok: false, reason: "`docker version` exited with 1" },
    ],
  ])("%j → %j", (result, expected) => {
    expect(interpretEngineVersion(result)).toEqual(expected);
  });

  test("engineStatus maps a missing CLI to not ok", async () => {
    expect(await engineStatus(missing)).toEqual({ ok: false, reason: "the docker CLI is not installed" });
    expect(await engineStatus(answering)).toEqual({ ok: true, version: "26.1.5+dfsg1" });
  });

  test("requireEngine throws one clear EngineError when down", async () => {
    await expect(requireEngine(down)).rejects.toThrow(/^the Docker engine is not reachable: Cannot connect/);
    await expect(requireEngine(answering)).resolves.toBe("26.1.5+dfsg1");
  });
});
