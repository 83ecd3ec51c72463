// The throwaway secrets a stack test runs with, and the checks that none of them leaked.
// Pure: compose file texts in, files to write and findings out.
import { parse } from "yaml";
import { ConfigError } from "../errors/errors.ts";
import { apiKeyVariables } from "./stack-policy.ts";

/** A file a compose `secrets:` or `configs:` entry takes from `${VARIABLE}`. */
export interface StackInput {
  variable: string;
  /** File name inside the test's temporary folder. */
  fileName: string;
  content: string;
  secret: boolean;
}

interface FileSources {
  secrets?: Record<string, { file?: unknown } | null>;
  configs?: Record<string, { file?: unknown } | null>;
}

/** MCP-style settings with one server, so the API can report it by name. */
export const testConfigContent = `${JSON.stringify({ mcpServers: { "stack-test": { command: "true" } } })}\n`;

function variableOf(file: unknown): string | undefined {
  return typeof file === "string" ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(file)?.[1] : undefined;
}

function sourcesOf(text: string, file: string): FileSources {
  try {
    return (parse(text) ?? {}) as FileSources;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(`not valid YAML: ${reason}`, { file });
  }
}

/** One input per `${VARIABLE}` file source; a literal path is the user's own file and left alone. */
export function planStackInputs(files: readonly { path: string; text: string }[], runId: string): StackInput[] {
  const found = new Map<string, StackInput>();
  for (const { path, text } of files) {
    const doc = sourcesOf(text, path);
    for (const [kind, entries] of [
      ["secrets", doc.secrets],
      ["configs", doc.configs],
    ] as const) {
      for (const entry of Object.values(entries ?? {})) {
        const variable = variableOf(entry?.file);
        if (!variable || found.has(variable)) continue;
        const secret = kind === "secrets";
        const content = secret ? `stack-secret-${runId}-${variable.toLowerCase()}` : testConfigContent;
        found.set(variable, { variable, fileName: variable.toLowerCase(), content, secret });
      }
    }
  }
  return [...found.values()];
}

export interface LeakSource {
  where: string;
  text: string;
}

/** Where a secret value shows up; the finding names the variable, never the value. */
export function findLeaks(sources: readonly LeakSource[], inputs: readonly StackInput[]): string[] {
  return inputs
    .filter((input) => input.secret)
    .flatMap((input) =>
      sources
        .filter((source) => source.text.includes(input.content))
        .map((source) => `the secret from ${input.variable} appears in ${source.where}`),
    );
}

interface StatusBody {
  settings?: { keys?: { present?: string[] }; mcp?: { state?: string; servers?: string[] } };
}

/** The API's /status after the test gave it every key and an MCP settings file with one server. */
export function apiStatusProblems(body: string, inputs: readonly StackInput[]): string[] {
  let status: StatusBody;
  try {
    status = JSON.parse(body) as StatusBody;
  } catch {
    return [`/status did not answer JSON: ${body.slice(0, 200)}`];
  }
  const given = new Set(inputs.map((input) => input.variable));
  const expected = apiKeyVariables.filter((name) => given.has(`${name}_FILE`));
  const present = status.settings?.keys?.present ?? [];
  const problems = expected
    .filter((name) => !present.includes(name))
    .map((name) => `/status does not list ${name} as present`);
  if (given.has("MCP_SETTINGS_FILE") && !status.settings?.mcp?.servers?.includes("stack-test")) {
    const state = status.settings?.mcp?.state ?? "missing";
    problems.push(`/status reports MCP settings ${state}, without the test's server`);
  }
  return problems;
}
