// What a production stack must look like, checked on `docker compose config --format json`:
// each rule a small function over the resolved config, every problem reported at once.
import type { ComposeConfig, ComposeService } from "./stack-plan.ts";

/** The API's runtime contract (images/api/app/src/settings.ts reads the same names). */
export const apiStorageVariables = ["ROO_GLOBAL_STORAGE_PATH", "ROO_CLI_STORAGE_PATH", "API_STORAGE_ROOT"] as const;
export const apiKeyVariables = [
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "GITHUB_TOKEN",
  "DATABASE_URL",
  "MSSQL_CONNECTION_STRING",
] as const;

/** The one service a production stack publishes on the host. */
export const publishedService = "api";

export interface PolicyFinding {
  service: string;
  rule: string;
  message: string;
}

type Rule = (name: string, service: ComposeService) => PolicyFinding[];

const finding = (service: string, rule: string, message: string): PolicyFinding[] => [{ service, rule, message }];

const readOnly: Rule = (name, service) =>
  service.read_only === true
    ? []
    : finding(name, "read-only", "root filesystem is writable (set read_only: true, tmpfs where needed)");

const noPublishedPorts: Rule = (name, service) => {
  const published = (service.ports ?? []).filter((port) => port.published !== undefined && port.published !== "");
  if (name === publishedService || published.length === 0) return [];
  const list = published.map((port) => `${port.published}:${port.target}`).join(", ");
  return finding(name, "no-published-ports", `publishes ${list} on the host (use expose)`);
};

const resources: Rule = (name, service) => {
  const { limits, reservations } = service.deploy?.resources ?? {};
  const missing = [
    !limits?.memory && "memory limit",
    !limits?.cpus && "cpu limit",
    !reservations?.memory && "memory reservation",
  ];
  const named = missing.filter((item): item is string => typeof item === "string");
  return named.length ? finding(name, "resources", `no ${named.join(", ")}`) : [];
};

const logRotation: Rule = (name, service) => {
  const { driver, options } = service.logging ?? {};
  if (driver === "local" || (driver === "json-file" && options?.["max-size"])) return [];
  return finding(name, "log-rotation", "logs are not rotated (logging: json-file with max-size, or local)");
};

const apiStorage: Rule = (name, service) => {
  if (name !== publishedService) return [];
  const missing = apiStorageVariables.filter((variable) => !service.environment?.[variable]);
  return missing.length ? finding(name, "api-storage", `storage variables not set: ${missing.join(", ")}`) : [];
};

const apiKeysAsSecrets: Rule = (name, service) => {
  if (name !== publishedService) return [];
  const mounted = new Set((service.secrets ?? []).map((secret) => secret.source));
  const notSecret = apiKeyVariables.filter((variable) => !mounted.has(variable.toLowerCase()));
  const inEnv = apiKeyVariables.filter((variable) => service.environment?.[variable]);
  return [
    ...(notSecret.length ? finding(name, "api-secrets", `keys not mounted as secrets: ${notSecret.join(", ")}`) : []),
    ...(inEnv.length
      ? finding(name, "api-secrets", `keys in the environment (docker inspect shows them): ${inEnv.join(", ")}`)
      : []),
  ];
};

const rules: Rule[] = [readOnly, noPublishedPorts, resources, logRotation, apiStorage, apiKeysAsSecrets];

export function productionFindings(config: ComposeConfig): PolicyFinding[] {
  const api = config.services[publishedService]
    ? []
    : finding(publishedService, "api-storage", "the stack has no api service");
  const services = Object.entries(config.services);
  return [...api, ...services.flatMap(([name, service]) => rules.flatMap((rule) => rule(name, service)))];
}
