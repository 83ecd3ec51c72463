import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { composeBase, downArgs, isolationOverride, parseComposeConfig, probeTarget, upArgs, writeProbeArgs } from "../../../scripts/smoke/stack-plan.ts";
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
    expect(upArgs(base, 60, ["api"])).toEqual(["docker", "compose", "--ansi", "never", "-f", "compose.yaml", "-f", "/tmp/o.yaml", "-p", "images-stack-ab", "up", "--detach", "--wait", "--wait-timeout", "60", "--no-build", "--pull", "never", "api"]);
    expect(writeProbeArgs(base, "api", "/d/p", "tok").slice(base.length)).toEqual(["exec", "-T", "api", "sh", "-c", 'printf %s "$1" > "$2"', "sh", "tok", "/d/p"]);
    expect(downArgs(base).slice(base.length)).toEqual(["down", "--volumes", "--remove-orphans", "--timeout", "10"]);
  });
});
