// bake.hcl variables: overrides flow into tags, args, labels and platforms; bad values
// fail `--print` with a message that names the variable (our stand-in for `validation`).
import { describe, expect, test } from "vitest";
import { loadBakeDefinition } from "../../scripts/read/definition.ts";
import { exec } from "../../scripts/process/exec.ts";

const load = (env: NodeJS.ProcessEnv, targets = ["chat-agent"]) =>
  loadBakeDefinition({
    workspace: process.cwd(),
    exec,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    targets,
  });

describe("overrides", () => {
  test("REGISTRY and VERSION move every tag and the base reference together", async () => {
    const definition = await load({ REGISTRY: "127.0.0.1:5000/team", VERSION: "1.2.3" });
    const chat = definition.targets["chat-agent"];
    expect(chat?.tags).toEqual(["127.0.0.1:5000/team/chat-agent:1.2.3"]);
    expect(chat?.args.BASE_IMAGE).toBe("127.0.0.1:5000/team/python-agent-base:1.2.3");
    expect(chat?.contexts).toEqual({ "127.0.0.1:5000/team/python-agent-base:1.2.3": "target:python-agent-base" });
    expect(chat?.labels["org.opencontainers.image.version"]).toBe("1.2.3");
  });

  test("GIT_COMMIT and BUILD_DATE reach the labels", async () => {
    const env = { GIT_COMMIT: "0123456789abcdef0123456789abcdef01234567", BUILD_DATE: "2026-01-02T03:04:05Z" };
    const api = (await load(env, ["api"])).targets.api;
    expect(api?.labels).toMatchObject({
      "org.opencontainers.image.revision": env.GIT_COMMIT,
      "org.opencontainers.image.created": env.BUILD_DATE,
    });
  });

  test("PLATFORMS is a comma list, empty by default", async () => {
    expect((await load({})).targets["chat-agent"]?.platforms).toEqual([]);
    expect((await load({ PLATFORMS: "linux/amd64,linux/arm64" })).targets["chat-agent"]?.platforms).toEqual([
      "linux/amd64",
      "linux/arm64",
    ]);
  });

  test("base image variables reach the Dockerfile args", async () => {
    const definition = await load(
      { PYTHON_BASE_IMAGE: "python:3.12.8-slim-bookworm", NODE_DEBIAN_IMAGE: "node:20.18-bookworm-slim" },
      ["python-agent-base", "api-debian"],
    );
    expect(definition.targets["python-agent-base"]?.args.PYTHON_BASE_IMAGE).toBe("python:3.12.8-slim-bookworm");
    expect(definition.targets["api-debian"]?.args.NODE_DEBIAN_IMAGE).toBe("node:20.18-bookworm-slim");
  });
});

describe("validation", () => {
  test.each([
    ["REGISTRY", "Not A Registry"],
    ["VERSION", "-starts-with-dash"],
    ["GIT_COMMIT", "not-a-sha"],
    ["PLATFORMS", "linux"],
  ])("%s=%j is rejected with the variable's name", async (name, value) => {
    await expect(load({ [name]: value }, ["chat-agent"])).rejects.toThrow(new RegExp(`validation failed: ${name}=`));
  });

  test("a bad base image reference is rejected", async () => {
    await expect(load({ NODE_ALPINE_IMAGE: "Node 20" }, ["api"])).rejects.toThrow(/validation failed: image reference/);
  });
});
