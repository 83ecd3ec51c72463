// Throwaway inputs planned from the shipped compose files, the leak search, and the API's /status check.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  apiStatusProblems,
  findLeaks,
  planStackInputs,
  testConfigContent,
} from "../../../scripts/smoke/stack-secrets.ts";
import { redactor } from "../../../scripts/smoke/stack-steps.ts";
import { repoRoot } from "./fixtures.ts";

const shipped = ["compose.yaml", "compose.production.yaml"].map((path) => ({
  path,
  text: readFileSync(join(repoRoot, path), "utf8"),
}));
const inputs = planStackInputs(shipped, "ab12");
const keys = ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN", "DATABASE_URL", "MSSQL_CONNECTION_STRING"];

describe("stack inputs", () => {
  it("replaces every ${VARIABLE} secret and config file of the shipped stack", () => {
    expect(inputs.map((input) => [input.variable, input.secret])).toEqual([
      ["REDIS_PASSWORD_FILE", true],
      ...keys.map((key) => [`${key}_FILE`, true]),
      ["MCP_SETTINGS_FILE", false],
    ]);
    expect(inputs[0]).toEqual({
      variable: "REDIS_PASSWORD_FILE",
      fileName: "redis_password_file",
      content: "stack-secret-ab12-redis_password_file",
      secret: true,
    });
    expect(inputs.at(-1)?.content).toBe(testConfigContent);
  });

  it("leaves literal paths alone and takes a variable once", () => {
    const text =
      "secrets:\n  a: { file: ./a.txt }\n  b: { file: '${B_FILE:-/dev/null}' }\n  c: { file: '${B_FILE}' }\n";
    expect(planStackInputs([{ path: "x.yaml", text }], "r").map((input) => input.variable)).toEqual(["B_FILE"]);
  });

  it("names the file of a compose document that is not YAML", () => {
    expect(() => planStackInputs([{ path: "bad.yaml", text: "a: [" }], "r")).toThrow(/not valid YAML/);
  });
});

describe("leaks", () => {
  const secret = inputs.find((input) => input.variable === "OPENAI_API_KEY_FILE");
  if (!secret) throw new Error("no OPENAI_API_KEY_FILE input");

  it("finds a secret value in inspect output or logs, naming the variable and never the value", () => {
    const found = findLeaks(
      [
        { where: "docker inspect", text: `{"Env":["X=${secret.content}"]}` },
        { where: "the logs", text: "fine" },
      ],
      inputs,
    );
    expect(found).toEqual(["the secret from OPENAI_API_KEY_FILE appears in docker inspect"]);
    expect(found.join("")).not.toContain(secret.content);
  });

  it("does not count the config file (not a secret) or file paths", () => {
    expect(
      findLeaks([{ where: "docker inspect", text: `${testConfigContent} /tmp/x/openai_api_key_file` }], inputs),
    ).toEqual([]);
  });

  it("redacts every secret from a failure report", () => {
    expect(redactor(inputs)(`token ${secret.content} twice ${secret.content}`)).toBe("token [secret] twice [secret]");
  });
});

describe("API /status", () => {
  const status = (present: string[], servers: string[]) =>
    JSON.stringify({ status: "ok", settings: { keys: { present }, mcp: { state: "present", servers } } });

  it("accepts a status naming every key given and the test's MCP server", () => {
    expect(apiStatusProblems(status(keys, ["stack-test"]), inputs)).toEqual([]);
  });

  it("names each key missing and an MCP file that did not arrive", () => {
    expect(apiStatusProblems(status(["GITHUB_TOKEN"], []), inputs)).toEqual([
      "/status does not list ANTHROPIC_API_KEY as present",
      "/status does not list OPENAI_API_KEY as present",
      "/status does not list DATABASE_URL as present",
      "/status does not list MSSQL_CONNECTION_STRING as present",
      "/status reports MCP settings present, without the test's server",
    ]);
  });

  it("reports a body that is not JSON", () => {
    expect(apiStatusProblems("<html>", inputs)).toEqual(["/status did not answer JSON: <html>"]);
  });
});
