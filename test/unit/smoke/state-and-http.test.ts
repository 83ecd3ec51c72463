import { describe, expect, it } from "vitest";
import { checkHttp, jsonPath } from "../../../scripts/smoke/http.ts";
import { expandEnv } from "../../../scripts/smoke/image-config.ts";
import { healthVerdict, parseHostPort, parseState, shutdownFailures } from "../../../scripts/smoke/service-state.ts";
import type { HttpCheck } from "../../../scripts/smoke/spec-types.ts";
import { fixture } from "./fixtures.ts";

describe("health verdicts from real `docker inspect` states", () => {
  it.each([
    ["state-starting.json", 1000, { done: false }],
    ["state-starting.json", 60_000, { done: true, failure: "not healthy within 30s (status: starting)" }],
    ["state-healthy.json", 1000, { done: true }],
    ["state-crashed.json", 1000, { done: true, failure: "the container exited with code 1 before it became healthy" }],
  ])("%s after %d ms", (file, elapsed, verdict) => {
    expect(healthVerdict(parseState(fixture("docker", file)), elapsed, 30_000)).toEqual(verdict);
  });

  it("fails fast when the image has no HEALTHCHECK", () => {
    expect(healthVerdict(parseState('{"Running":true,"ExitCode":0}'), 0, 30_000)).toEqual({
      done: true,
      failure: "the image has no HEALTHCHECK: add one to the Dockerfile (service tests wait for it)",
    });
  });

  it("reads the exit code after a stop", () => {
    expect(parseState(fixture("docker", "state-exited.json"))).toMatchObject({ running: false, exitCode: 0 });
  });
});

describe("shutdownFailures", () => {
  it.each([
    [0, 800, []],
    [
      137,
      10_500,
      [
        "took 10.5s to stop after SIGTERM, more than the 10s grace period (docker had to SIGKILL it)",
        "expected exit code 0 after SIGTERM, got 137: it was killed, " +
          "so SIGTERM was ignored (is tini PID 1, and does the program " +
          "handle SIGTERM?)",
      ],
    ],
    [
      143,
      100,
      [
        "expected exit code 0 after SIGTERM, got 143: the program " +
          "died from SIGTERM instead of shutting down (is tini PID 1, " +
          "and does the program handle SIGTERM?)",
      ],
    ],
  ])("exit %d after %d ms", (code, elapsed, expected) => {
    expect(shutdownFailures(code, 0, elapsed, 10)).toEqual(expected);
  });
});

describe("HTTP checks", () => {
  const check = (over: Partial<HttpCheck>): HttpCheck => ({
    name: "c",
    path: "/",
    method: "GET",
    headers: {},
    status: 200,
    bodyRegex: [],
    json: {},
    ...over,
  });
  it("passes when status, regexes and JSON fields agree", () => {
    expect(
      checkHttp(check({ bodyRegex: ['"pngBytes": [1-9]'], json: { status: "ok", "versions.git": "2.39" } }), {
        status: 200,
        body: '{"status": "ok", "pngBytes": 512, "versions": {"git": "2.39"}}',
      }),
    ).toEqual([]);
  });

  it("lists every mismatch, then the body", () => {
    expect(
      checkHttp(check({ json: { status: "ok", agent: "echo" } }), { status: 503, body: '{"status":"down"}' }),
    ).toEqual([
      "expected status 200, got 503",
      'expected status = "ok", got "down"',
      'expected agent = "echo", got (missing)',
      '  actual body:\n    | {"status":"down"}',
    ]);
  });

  it("walks dotted paths through arrays", () => {
    expect(jsonPath({ notes: ["a", "b"] }, "notes.1")).toBe("b");
  });

  it.each([
    ["127.0.0.1:49153\n", 49153],
    ["0.0.0.0:32768\n[::]:32768\n", 32768],
    ["", undefined],
  ])("parses docker port output %j", (output, port) => {
    expect(parseHostPort(output)).toBe(port);
  });

  it("expands image env in arguments but leaves unknown names alone", () => {
    expect(expandEnv("$STORAGE_DIR/x ${PORT} $1 $UNKNOWN", { STORAGE_DIR: "/app/storage", PORT: "8080" })).toBe(
      "/app/storage/x 8080 $1 $UNKNOWN",
    );
  });
});
