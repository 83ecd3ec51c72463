// The base's shell helpers where they run: in the Python base (the seeded stand-in of
// python:3.12-slim-bookworm), scripts mounted read-only where the base installs them. The base
// itself needs PyPI, so this is how its entrypoint and common-functions.sh are proven here.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exec, type ExecResult } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { repoRoot } from "./workspace-copy.ts";

const image = `${registryHost}/library/python:3.12-slim-bookworm`;
const lib = "/usr/local/lib/agent";

function inBase(script: string, env: Record<string, string> = {}, readOnly = false): Promise<ExecResult> {
  const flags = [
    ...Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
    ...(readOnly ? ["--read-only", "--tmpfs", "/tmp"] : []),
  ];
  return exec(
    [
      "docker",
      "run",
      "--rm",
      "--pull",
      "never",
      "-u",
      "10000:10000",
      ...flags,
      "-v",
      `${join(repoRoot, "base/scripts")}:${lib}:ro`,
      image,
      "bash",
      "-c",
      script,
    ],
    { check: false },
  );
}

describe("common-functions.sh as a command", () => {
  test("debug_container reports the container, names variables without values, and exits 0", async () => {
    const result = await inBase(
      `${lib}/common-functions.sh debug_container`,
      {
        AGENT_NAME: "chat",
        SECRET_TOKEN: "do-not-print",
        VOLUME_DIRS: "/tmp",
        REDIS_URL: "redis://redis:6379/8",
        WAIT_FOR: "127.0.0.1:9",
      },
      true,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^== agent chat on port \?/m);
    expect(result.stdout).toMatch(/^user: uid=10000/m);
    expect(result.stdout).toMatch(/^root filesystem: read-only$/m);
    expect(result.stdout).toMatch(/^environment \(names only\): .*SECRET_TOKEN/m);
    expect(result.stdout).toMatch(/^folder \/tmp: writable/m);
    expect(result.stdout).toMatch(/^dependency 127\.0\.0\.1:9: unreachable$/m);
    expect(result.stdout).toMatch(/^redis database: 8$/m);
    expect(result.stdout).not.toContain("do-not-print");
  });

  test("load_config exports KEY=VALUE lines, lets the environment win, and names what it loaded", async () => {
    const script =
      `printf '# c\\nA=1\\nexport B="two words"\\nKEEP=file\\n' > ` +
      `/tmp/c.env; source ${lib}/common-functions.sh; load_config ` +
      `/tmp/c.env /tmp/missing.env; echo "A=$A B=$B KEEP=$KEEP"`;
    const result = await inBase(script, { KEEP: "env" });
    expect(result.stdout.trim()).toBe("A=1 B=two words KEEP=env");
    expect(result.stderr).toMatch(/config \/tmp\/c\.env: {2}A B$/m);
  });

  test("load_config names the file and line of a bad entry and exits 78", async () => {
    const result = await inBase(
      `printf 'A=1\\nnot a pair\\n' > /tmp/bad.env; ${lib}/common-functions.sh load_config /tmp/bad.env`,
    );
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toMatch(/\/tmp\/bad\.env:2: not KEY=VALUE/);
  });

  test("an unknown command prints the usage and exits 64", async () => {
    const result = await inBase(`${lib}/common-functions.sh nope`);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toMatch(/usage: .* debug_container \| load_config FILE/);
  });
});

describe("agent-entrypoint.sh", () => {
  test("turns NAME_FILE into NAME for the agent and loads the shared config before checking REQUIRED_ENV", async () => {
    const script = [
      "mkdir -p /tmp/config && printf 'FROM_CONFIG=yes\\n' > /tmp/config/chat.env && printf 'pw\\n' > /tmp/pw",
      `${lib}/agent-entrypoint.sh sh -c 'echo "password=$REDIS_PASSWORD config=$FROM_CONFIG"'`,
    ].join("; ");
    const env = {
      AGENT_NAME: "chat",
      AGENT_CONFIG_DIR: "/tmp/config",
      REDIS_PASSWORD_FILE: "/tmp/pw",
      REQUIRED_ENV: "REDIS_PASSWORD FROM_CONFIG",
      VOLUME_DIRS: "/tmp/data",
    };
    const result = await inBase(script, env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("password=pw config=yes");
  });
});
