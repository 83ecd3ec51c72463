// The API's settings report (images/api/app/src/settings.ts): names and states, never values,
// and the same names the production stack policy checks compose for.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { keyNames, mcpState, secretValue, settingsReport, storageNames } from "../../../images/api/app/src/settings.ts";
import { apiKeyVariables, apiStorageVariables } from "../../../scripts/smoke/stack-policy.ts";

const files =
  (entries: Record<string, string>) =>
  (path: string): string | undefined =>
    entries[path];

describe("API settings", () => {
  test("the API and the stack policy agree on the names", () => {
    expect(keyNames).toEqual(apiKeyVariables);
    expect(storageNames).toEqual(apiStorageVariables);
  });

  test.each([
    [
      "NAME_FILE first",
      { OPENAI_API_KEY_FILE: "/k", OPENAI_API_KEY: "env" },
      { "/k": "file\n", "/run/secrets/openai_api_key": "secret" },
      "file",
    ],
    ["then the compose secret", { OPENAI_API_KEY: "env" }, { "/run/secrets/openai_api_key": "secret\n" }, "secret"],
    ["then the variable", { OPENAI_API_KEY: "env" }, {}, "env"],
    [
      "an empty secret (/dev/null) is absent",
      { OPENAI_API_KEY: " " },
      { "/run/secrets/openai_api_key": "" },
      undefined,
    ],
  ])("a key's value: %s", (_name, env, entries, expected) => {
    expect(secretValue("OPENAI_API_KEY", env, files(entries))).toBe(expected);
  });

  test("reports keys by name, storage by state, MCP servers by name, and no value", () => {
    const dir = mkdtempSync(join(tmpdir(), "api-settings-"));
    const env = {
      ROO_GLOBAL_STORAGE_PATH: dir,
      ROO_CLI_STORAGE_PATH: join(dir, "nope"),
      MCP_SETTINGS_PATH: "/mcp.json",
    };
    const report = settingsReport(
      env,
      files({ "/run/secrets/github_token": "ghp_value", "/mcp.json": '{"mcpServers":{"git":{},"fs":{}}}' }),
    );
    expect(report).toEqual({
      keys: {
        present: ["GITHUB_TOKEN"],
        absent: ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "DATABASE_URL", "MSSQL_CONNECTION_STRING"],
      },
      storage: { ROO_GLOBAL_STORAGE_PATH: "writable", ROO_CLI_STORAGE_PATH: "missing", API_STORAGE_ROOT: "unset" },
      mcp: { state: "present", servers: ["fs", "git"] },
    });
    expect(JSON.stringify(report)).not.toContain("ghp_value");
  });

  test.each([
    [undefined, "absent"],
    ["", "absent"],
    ["{", "invalid"],
    ['{"mcpServers":[]}', "invalid"],
    ['{"mcpServers":{}}', "present"],
  ])("MCP settings %j are %s", (text, state) => {
    expect(mcpState(text).state).toBe(state);
  });
});
