import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import {
  apiStatusArgs,
  composeBase,
  containerIdsArgs,
  downArgs,
  inspectArgs,
  isolationOverride,
  parseComposeConfig,
  probeTarget,
  stackLogsArgs,
  upArgs,
  writeProbeArgs,
} from "../../../scripts/smoke/stack-plan.ts";
import { fixture } from "./fixtures.ts";

const config = parseComposeConfig(fixture("stack", "compose.config.json"), "compose.yaml");
const base = composeBase(["compose.yaml", "/tmp/o.yaml"], "images-stack-ab");

describe("stack plan", () => {
  it("isolates a stack: no fixed names, renamed networks, loopback ports", () => {
    expect(isolationOverride(config, "images-stack-ab")).toBe(fixture("stack", "isolation.override.yaml"));
  });

  it("puts the probe in the service's first named volume", () => {
    expect(probeTarget(config, "api", "ab")).toEqual({ service: "api", path: "/app/storage/.stack-probe-ab" });
    expect(probeTarget(config, "api", "ab", "/tmp/")).toEqual({ service: "api", path: "/tmp/.stack-probe-ab" });
  });

  it.each([
    ["nope", /no service "nope"/],
    ["echo-agent", /mounts no named volume/],
  ])("refuses a probe on %s", (service, message) => {
    expect(() => probeTarget(config, service, "ab")).toThrow(message);
    expect(() => probeTarget(config, service, "ab")).toThrow(ConfigError);
  });

  it("plans compose commands as argv", () => {
    expect(upArgs(base, 60, ["api"])).toEqual([
      "docker",
      "compose",
      "--ansi",
      "never",
      "-f",
      "compose.yaml",
      "-f",
      "/tmp/o.yaml",
      "-p",
      "images-stack-ab",
      "up",
      "--detach",
      "--wait",
      "--wait-timeout",
      "60",
      "--no-build",
      "--pull",
      "never",
      "api",
    ]);
    expect(writeProbeArgs(base, "api", "/d/p", "tok").slice(base.length)).toEqual([
      "exec",
      "-T",
      "api",
      "sh",
      "-c",
      'printf %s "$1" > "$2"',
      "sh",
      "tok",
      "/d/p",
    ]);
    expect(downArgs(base).slice(base.length)).toEqual(["down", "--volumes", "--remove-orphans", "--timeout", "10"]);
  });

  it("plans the leak check's and the API status check's commands as argv", () => {
    expect(containerIdsArgs(base).slice(base.length)).toEqual(["ps", "--all", "--quiet"]);
    expect(inspectArgs(["a1", "b2"])).toEqual(["docker", "inspect", "a1", "b2"]);
    expect(stackLogsArgs(base).slice(base.length)).toEqual(["logs", "--no-color"]);
    expect(stackLogsArgs(base, 20).slice(base.length)).toEqual(["logs", "--no-color", "--tail", "20"]);
    expect(apiStatusArgs(base, "api").slice(base.length, -1)).toEqual(["exec", "-T", "api", "node", "-e"]);
    expect(apiStatusArgs(base, "api").at(-1)).toMatch(
      /^fetch\("http:\/\/127\.0\.0\.1:" \+ \(process\.env\.PORT \|\| 3000\) \+ "\/status"\)/,
    );
  });

  it("isolates the shipped production stack: the API on a free loopback port, the fixed network renamed", () => {
    const production = parseComposeConfig(fixture("stack", "production.config.json"), "compose.yaml");
    const override = isolationOverride(production, "images-stack-ab");
    expect(override).toContain(
      '  "api":\n    container_name: !reset null\n    ports: !override\n      - "127.0.0.1::3000/tcp"',
    );
    expect(override).toContain('networks:\n  "agents":\n    name: "images-stack-ab_agents"');
    expect(override).not.toMatch(/"chat-agent":\n {4}container_name: !reset null\n {4}ports/);
    expect(probeTarget(production, "api", "ab").path).toBe("/app/.roo-storage/.stack-probe-ab");
  });
});
