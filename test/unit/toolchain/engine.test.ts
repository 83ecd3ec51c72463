import { describe, expect, test } from "vitest";
import { EngineError } from "../../../scripts/errors/errors.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import type { EngineCall } from "../../../scripts/process/engine-api.ts";
import {
  apiEngineVersion,
  engineStatus,
  interpretEngineVersion,
  requireEngine,
} from "../../../scripts/toolchain/engine.ts";
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
    await expect(requireEngine(answering)).resolves.toBeUndefined();
  });

  test.each([
    [{ status: 200, body: '{"Version":"26.1.5+dfsg1","ApiVersion":"1.45"}' }, "26.1.5+dfsg1"],
    [{ status: 200, body: '{"ApiVersion":"1.45"}' }, undefined],
    [{ status: 200, body: "not json" }, undefined],
    [{ status: 500, body: '{"Version":"26.1.5"}' }, undefined],
  ])("GET /version %j → %j", (reply, expected) => {
    expect(apiEngineVersion(reply)).toBe(expected);
  });

  test("an answering socket is enough: no docker process", async () => {
    const api: EngineCall = async () => ({ status: 200, body: '{"Version":"27.0.1"}' });
    const noProcess: Exec = async () => {
      throw new Error("spawned a process");
    };
    expect(await engineStatus(noProcess, api)).toEqual({ ok: true, version: "27.0.1" });
  });

  test("requireEngine asks the socket for a ping only, never the version", async () => {
    const asked: string[] = [];
    const api: EngineCall = async (_method, path) => {
      asked.push(path);
      return path === "/_ping" ? { status: 200, body: "OK" } : { status: 500, body: "" };
    };
    await requireEngine(down, api);
    expect(asked).toEqual(["/_ping"]);
  });

  test("a ping that fails falls back to the CLI's reason", async () => {
    const api: EngineCall = async () => ({ status: 500, body: "" });
    await expect(requireEngine(down, api)).rejects.toThrow(/not reachable: Cannot connect to the Docker daemon/);
  });

  test("a socket that refuses falls back to the CLI, whose words give the reason", async () => {
    const refused: EngineCall = async () => {
      throw new Error("connect ECONNREFUSED /var/run/docker.sock");
    };
    await expect(requireEngine(down, refused)).rejects.toThrow(/not reachable: Cannot connect to the Docker daemon/);
    expect(await engineStatus(answering, refused)).toEqual({ ok: true, version: "26.1.5+dfsg1" });
  });
});
