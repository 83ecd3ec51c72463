import { describe, expect, it } from "vitest";
import {
  commandRunArgs,
  commitArgs,
  containerName,
  createArgs,
  listByLabelArgs,
  readFileArgs,
  removeArgs,
  runOptionArgs,
  serviceRunArgs,
  statArgs,
  stopArgs,
} from "../../../scripts/smoke/docker-args.ts";
import type { ContainerRunOptions } from "../../../scripts/smoke/spec-types.ts";

const plain: ContainerRunOptions = {
  privileged: false,
  allocateTty: false,
  envVars: [],
  capabilities: [],
  bindMounts: [],
};
const id = { name: "images-smoke-ab12-api-1", runId: "ab12" };

describe("docker argv planners", () => {
  it("runs a command test with the command as entrypoint, removed on exit", () => {
    expect(
      commandRunArgs({
        id,
        image: "img:dev",
        options: plain,
        env: [{ key: "A", value: "1", isRegex: false }],
        argv: ["python3", "-c", "print(1)"],
      }),
    ).toEqual([
      "docker",
      "run",
      "--rm",
      "--name",
      "images-smoke-ab12-api-1",
      "--label",
      "images.smoke=ab12",
      "-e",
      "A=1",
      "--entrypoint",
      "python3",
      "img:dev",
      "-c",
      "print(1)",
    ]);
  });

  it("keeps setup containers so they can be committed", () => {
    expect(
      commandRunArgs({ id, image: "img", options: plain, env: [], argv: ["pip", "install", "x"], keep: true }),
    ).toEqual([
      "docker",
      "run",
      "--name",
      id.name,
      "--label",
      "images.smoke=ab12",
      "--entrypoint",
      "pip",
      "img",
      "install",
      "x",
    ]);
    expect(commitArgs("c1", "t:setup", "ab12")).toEqual([
      "docker",
      "commit",
      "--change",
      "LABEL images.smoke=ab12",
      "c1",
      "t:setup",
    ]);
  });

  it("maps containerRunOptions to docker flags, passing env names without values", () => {
    const options: ContainerRunOptions = {
      user: "root",
      privileged: true,
      allocateTty: true,
      envFile: "/s/.env",
      envVars: ["TOKEN"],
      capabilities: ["NET_ADMIN"],
      bindMounts: ["/a:/b"],
    };
    expect(runOptionArgs(options)).toEqual([
      "--user",
      "root",
      "--privileged",
      "--tty",
      "--env-file",
      "/s/.env",
      "-e",
      "TOKEN",
      "--cap-add",
      "NET_ADMIN",
      "-v",
      "/a:/b",
    ]);
  });

  it("starts a service detached, health interval overridden, port on loopback only", () => {
    expect(
      serviceRunArgs({ id, image: "api:dev", options: plain, env: [], port: 8080, healthIntervalSeconds: 1 }),
    ).toEqual([
      "docker",
      "run",
      "--detach",
      "--name",
      id.name,
      "--label",
      "images.smoke=ab12",
      "--health-interval",
      "1s",
      "--publish",
      "127.0.0.1::8080",
      "api:dev",
    ]);
  });

  it("reads files through docker cp; stat only takes the head of the stream", () => {
    expect(createArgs(id, "img")).toEqual([
      "docker",
      "create",
      "--name",
      id.name,
      "--label",
      "images.smoke=ab12",
      "img",
      "true",
    ]);
    expect(statArgs("c", "/app dir")).toEqual(["sh", "-c", 'docker cp "$1" - | head -c 16384', "sh", "c:/app dir"]);
    expect(readFileArgs("c", "/etc/passwd")).toEqual(["docker", "cp", "--follow-link", "c:/etc/passwd", "-"]);
  });

  it("stops with SIGTERM and a whole-second grace period; cleans up by name and label", () => {
    expect(stopArgs("c", 2.5)).toEqual(["docker", "stop", "--signal", "SIGTERM", "--time", "3", "c"]);
    expect(removeArgs(["a", "b"])).toEqual(["docker", "rm", "--force", "--volumes", "a", "b"]);
    expect(listByLabelArgs("ab12")).toEqual([
      "docker",
      "ps",
      "--all",
      "--quiet",
      "--filter",
      "label=images.smoke=ab12",
    ]);
  });

  it.each([
    ["api", "images-smoke-r1-api-3"],
    ["Python Agent/Base", "images-smoke-r1-python-agent-base-3"],
    ["--x", "images-smoke-r1-x-3"],
  ])("names containers validly: %s", (target, name) => {
    expect(containerName("r1", target, 3)).toBe(name);
  });
});
