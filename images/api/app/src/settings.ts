// Which runtime settings reached the container: storage folders, API keys, MCP settings.
// Reported by name and state only; a value (a key, a connection string) never leaves this module.
import { accessSync, constants, readFileSync, statSync } from "node:fs";

export const storageNames = ["ROO_GLOBAL_STORAGE_PATH", "ROO_CLI_STORAGE_PATH", "API_STORAGE_ROOT"] as const;
export const keyNames = [
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "GITHUB_TOKEN",
  "DATABASE_URL",
  "MSSQL_CONNECTION_STRING",
] as const;
export type KeyName = (typeof keyNames)[number];

export type StorageState = "writable" | "read-only" | "missing" | "unset";
export type McpState = "present" | "absent" | "invalid";

export interface SettingsReport {
  keys: { present: KeyName[]; absent: KeyName[] };
  storage: Record<string, StorageState>;
  mcp: { state: McpState; servers: string[] };
}

type Env = Record<string, string | undefined>;
type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/** Compose secrets arrive as files: NAME_FILE wins, then /run/secrets/<name>, then NAME itself. */
export function secretValue(name: KeyName, env: Env, read: ReadText = readText): string | undefined {
  const sources = [env[`${name}_FILE`], `/run/secrets/${name.toLowerCase()}`];
  for (const path of sources) {
    const text = path ? read(path)?.trim() : undefined;
    if (text) return text;
  }
  return env[name]?.trim() || undefined;
}

function storageState(path: string | undefined): StorageState {
  if (!path) return "unset";
  try {
    if (!statSync(path).isDirectory()) return "missing";
    accessSync(path, constants.W_OK);
    return "writable";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "read-only";
  }
}

/** An empty file (the compose default is /dev/null) means "no MCP servers configured". */
export function mcpState(text: string | undefined): SettingsReport["mcp"] {
  if (!text?.trim()) return { state: "absent", servers: [] };
  try {
    const parsed = JSON.parse(text) as { mcpServers?: unknown };
    const servers = parsed.mcpServers;
    const isMap = typeof servers === "object" && servers !== null && !Array.isArray(servers);
    if (!isMap) return { state: "invalid", servers: [] };
    return { state: "present", servers: Object.keys(servers).sort() };
  } catch {
    return { state: "invalid", servers: [] };
  }
}

export function settingsReport(env: Env, read: ReadText = readText): SettingsReport {
  const present = keyNames.filter((name) => secretValue(name, env, read) !== undefined);
  return {
    keys: { present, absent: keyNames.filter((name) => !present.includes(name)) },
    storage: Object.fromEntries(storageNames.map((name) => [name, storageState(env[name])])),
    mcp: mcpState(read(env.MCP_SETTINGS_PATH ?? "/app/config/mcp_settings.json")),
  };
}
