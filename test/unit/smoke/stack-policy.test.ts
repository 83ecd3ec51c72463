// The production policy over captured `docker compose --env-file .env.example … config --format json`
// output of the shipped files (test/fixtures/smoke/stack/*.config.json; an integration test keeps
// them in step with compose).
import { describe, expect, it } from "vitest";
import { productionFindings } from "../../../scripts/smoke/stack-policy.ts";
import { parseComposeConfig, type ComposeConfig } from "../../../scripts/smoke/stack-plan.ts";
import { fixture } from "./fixtures.ts";

const load = (name: string): ComposeConfig =>
  parseComposeConfig(fixture("stack", `${name}.config.json`), `${name}.config.json`);
const agents = ["chat-agent", "rag-agent", "npu-agent", "research-agent", "knowledge-agent"];

describe("production policy", () => {
  it("compose.yaml + compose.production.yaml passes every rule", () => {
    expect(productionFindings(load("production"))).toEqual([]);
  });

  it(
    "the production config has what the acceptance asks: API " + "storage, key secrets, no agent ports, read-only API",
    () => {
      const { services } = load("production");
      expect(services.api?.environment).toMatchObject({
        ROO_GLOBAL_STORAGE_PATH: "/app/.roo-storage",
        ROO_CLI_STORAGE_PATH: "/app/.roo-cli",
        API_STORAGE_ROOT: "/app/.roo-storage",
      });
      expect(services.api?.secrets?.map((secret) => secret.source)).toEqual([
        "anthropic_api_key",
        "openai_api_key",
        "github_token",
        "database_url",
        "mssql_connection_string",
      ]);
      expect(services.api?.read_only).toBe(true);
      for (const agent of agents) expect(services[agent]?.ports ?? []).toEqual([]);
    },
  );

  it("compose.yaml alone is not production: writable, no reservations, no log rotation", () => {
    const rules = new Set(productionFindings(load("base")).map((found) => `${found.service}:${found.rule}`));
    expect(rules).toEqual(
      new Set(
        ["redis", ...agents, "api"].flatMap((service) => [
          `${service}:read-only`,
          `${service}:resources`,
          `${service}:log-rotation`,
        ]),
      ),
    );
  });

  it("the development override publishes agent ports, and the policy names each", () => {
    const ports = productionFindings(load("development")).filter((found) => found.rule === "no-published-ports");
    expect(ports.map((found) => found.service).sort()).toEqual([...agents, "redis"].sort());
    expect(ports.find((found) => found.service === "chat-agent")?.message).toBe(
      "publishes 8001:8001 on the host (use expose)",
    );
  });

  it("flags API keys passed as environment values and missing storage variables", () => {
    const config = load("production");
    const api = config.services.api;
    if (!api) throw new Error("fixture has no api");
    const leaky: ComposeConfig = {
      ...config,
      services: { api: { ...api, secrets: [], environment: { OPENAI_API_KEY: "x", PORT: "3000" } } },
    };
    expect(productionFindings(leaky).map((found) => found.message)).toEqual([
      "storage variables not set: ROO_GLOBAL_STORAGE_PATH, ROO_CLI_STORAGE_PATH, API_STORAGE_ROOT",
      "keys not mounted as secrets: ANTHROPIC_API_KEY, " +
        "OPENAI_API_KEY, GITHUB_TOKEN, DATABASE_URL, " +
        "MSSQL_CONNECTION_STRING",
      "keys in the environment (docker inspect shows them): OPENAI_API_KEY",
    ]);
  });

  it("a stack without an api service says so", () => {
    expect(productionFindings({ services: {} })).toEqual([
      { service: "api", rule: "api-storage", message: "the stack has no api service" },
    ]);
  });
});
