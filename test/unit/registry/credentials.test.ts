// Credentials found as `docker` finds them, from recorded config files and recorded helper
// answers; the helper is a fake behind the Exec type, so nothing is spawned.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Exec, ExecResult } from "../../../scripts/process/exec.ts";
import { credentialsFor, type CredentialSources } from "../../../scripts/registry/credentials.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/registry/${name}`, import.meta.url), "utf8");

interface Call {
  argv: readonly string[];
  input: string;
}

/** A fake helper: `answers[program][address]` is its stdout; anything else is "not found" (exit 1). */
function fakeHelpers(answers: Record<string, Record<string, string>>): { exec: Exec; calls: Call[] } {
  const calls: Call[] = [];
  const exec: Exec = async (argv, options = {}) => {
    const input = String(await (options.input ?? ""));
    calls.push({ argv, input });
    const stdout = answers[argv[0] ?? ""]?.[input];
    const result: ExecResult =
      stdout === undefined
        ? { argv, exitCode: 1, stdout: fixture("helper-not-found.txt"), stderr: "" }
        : { argv, exitCode: 0, stdout, stderr: "" };
    return result;
  };
  return { exec, calls };
}

function sources(configName: string | undefined, exec: Exec, env: NodeJS.ProcessEnv = {}): CredentialSources {
  return {
    env,
    configText: configName ? fixture(configName) : undefined,
    configFile: "/home/u/.docker/config.json",
    exec,
  };
}

const none = fakeHelpers({});

describe("auths in config.json (docker login, docker/login-action)", () => {
  test.each([
    ["ghcr.io", { username: "acme-bot", password: "ghp_secret" }],
    ["registry.example.com", { username: "robot", password: "p@ss:word" }],
    [
      "acr.example.io",
      { username: "00000000-0000-0000-0000-000000000000", password: "", identityToken: "eyJhbGciOiJSUzI1NiJ9.refresh" },
    ],
    ["127.0.0.1:5000", undefined],
    ["quay.io", undefined],
  ])("%s", async (host, expected) => {
    const helpers = fakeHelpers({});
    expect(await credentialsFor(host, sources("auths.config.json", helpers.exec))).toEqual(expected);
    expect(helpers.calls).toEqual([]);
  });
});

describe("credential helpers", () => {
  test("credsStore (Docker Desktop): `docker-credential-desktop get` with the host on stdin", async () => {
    const helpers = fakeHelpers({ "docker-credential-desktop": { "ghcr.io": fixture("helper-get-ghcr.json") } });
    expect(await credentialsFor("ghcr.io", sources("docker-desktop.config.json", helpers.exec))).toEqual({
      username: "acme-bot",
      password: "ghp_from_keychain",
    });
    expect(helpers.calls).toEqual([{ argv: ["docker-credential-desktop", "get"], input: "ghcr.io" }]);
  });

  test("Docker Hub is looked up under its index address", async () => {
    const helpers = fakeHelpers({});
    expect(await credentialsFor("docker.io", sources("docker-desktop.config.json", helpers.exec))).toBeUndefined();
    expect(helpers.calls.map((call) => call.input)).toEqual(["https://index.docker.io/v1/"]);
  });

  test("credHelpers wins over auths for its registry, and `<token>` is an identity token", async () => {
    const ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    const helpers = fakeHelpers({
      "docker-credential-gh": { "ghcr.io": fixture("helper-get-ghcr.json") },
      "docker-credential-ecr-login": { [ecr]: fixture("helper-get-token.json") },
    });
    const config = sources("cred-helpers.config.json", helpers.exec);
    expect(await credentialsFor("ghcr.io", config)).toEqual({ username: "acme-bot", password: "ghp_from_keychain" });
    expect(await credentialsFor(ecr, config)).toEqual({
      username: "",
      password: "",
      identityToken: "eyJ.identity.token",
    });
    expect(await credentialsFor("registry.example.com", config)).toEqual({ username: "robot", password: "file" });
    expect(helpers.calls.map((call) => call.argv[0])).toEqual(["docker-credential-gh", "docker-credential-ecr-login"]);
  });

  test("a helper that has nothing for the host means no credentials (docker does not fall back to auths)", async () => {
    expect(await credentialsFor("ghcr.io", sources("cred-helpers.config.json", none.exec))).toBeUndefined();
  });

  test("a helper that fails otherwise is an error that says what to do", async () => {
    const broken: Exec = async (argv) => ({
      argv,
      exitCode: 1,
      stdout: "",
      stderr: "error getting credentials - gpg: decryption failed",
    });
    await expect(credentialsFor("ghcr.io", sources("docker-desktop.config.json", broken))).rejects.toThrow(
      /credential helper `docker-credential-desktop get` failed for ghcr\.io: error getting credentials/,
    );
  });
});

describe("precedence and bad input", () => {
  test("IMAGES_REGISTRY_USERNAME/PASSWORD win over everything, and spawn no helper", async () => {
    const env = { IMAGES_REGISTRY_USERNAME: "ci", IMAGES_REGISTRY_PASSWORD: "token" };
    const helpers = fakeHelpers({});
    expect(await credentialsFor("ghcr.io", sources("docker-desktop.config.json", helpers.exec, env))).toEqual({
      username: "ci",
      password: "token",
    });
    expect(helpers.calls).toEqual([]);
  });

  test("DOCKER_AUTH_CONFIG is read before config.json", async () => {
    const env = {
      DOCKER_AUTH_CONFIG: JSON.stringify({
        auths: { "ghcr.io": { auth: Buffer.from("env-bot:env-pw").toString("base64") } },
      }),
    };
    expect(await credentialsFor("ghcr.io", sources("docker-desktop.config.json", none.exec, env))).toEqual({
      username: "env-bot",
      password: "env-pw",
    });
  });

  test("a config.json that is not JSON is an error naming the file, not silence", async () => {
    await expect(
      credentialsFor("ghcr.io", {
        env: {},
        configText: "{ not json",
        configFile: "/home/u/.docker/config.json",
        exec: none.exec,
      }),
    ).rejects.toThrow(/\/home\/u\/\.docker\/config\.json is not valid JSON/);
  });
});
