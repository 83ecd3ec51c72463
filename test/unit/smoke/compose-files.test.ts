// The shipped compose files as text: every variable documented in .env.example (and nothing there
// unused), one Redis database per agent as docs/images.md maps them, shared read-only agent folders.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./fixtures.ts";

const read = (file: string): string => readFileSync(join(repoRoot, file), "utf8");
const composeFiles = readdirSync(repoRoot).filter((file) => /^compose(\.[a-z]+)?\.yaml$/.test(file));
const variables = (text: string): string[] =>
  [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] ?? "");

interface Service {
  environment?: Record<string, string>;
  volumes?: string[];
}
const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, Service> };
const agents = Object.keys(compose.services).filter((name) => name.endsWith("-agent"));

describe("compose files and .env.example", () => {
  const documented = [...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

  it("ships the base file and the development, production and accelerator overrides", () => {
    expect(composeFiles.sort()).toEqual([
      "compose.accelerator.yaml",
      "compose.development.yaml",
      "compose.production.yaml",
      "compose.yaml",
    ]);
  });

  it.each(composeFiles)("%s uses only variables .env.example documents", (file) => {
    expect(variables(read(file)).filter((name) => !documented.includes(name))).toEqual([]);
  });

  it(".env.example documents no variable the compose files do not use", () => {
    const used = new Set(composeFiles.flatMap((file) => variables(read(file))));
    expect(documented.filter((name) => name && !used.has(name))).toEqual([]);
  });

  it("holds no secret value: secrets are paths to files", () => {
    const secretLines = read(".env.example")
      .split("\n")
      .filter((line) => /^[A-Z_]*(KEY|TOKEN|PASSWORD|URL|STRING)[A-Z_]*=/.test(line));
    for (const line of secretLines) expect(line).toMatch(/_FILE=/);
  });
});

describe("agents in compose.yaml", () => {
  const databases = agents.map(
    (agent) => [agent, Number(/\/(\d+)$/.exec(compose.services[agent]?.environment?.REDIS_URL ?? "")?.[1])] as const,
  );

  it("each agent has its own Redis database, the one docs/images.md maps it to", () => {
    const rows = [...read("docs/images.md").matchAll(/^\| `([a-z]+-agent)` \| (\d+) \|/gm)].map((match) => [
      match[1],
      Number(match[2]),
    ]);
    expect(new Set(databases.map(([, db]) => db)).size).toBe(agents.length);
    expect(Object.fromEntries(databases)).toEqual(Object.fromEntries(rows));
  });

  it.each(agents)("%s mounts the shared config and prompts read-only", (agent) => {
    const volumes = compose.services[agent]?.volumes ?? [];
    expect(volumes).toEqual(
      expect.arrayContaining([
        "${AGENT_CONFIG_PATH:-agent-config}:/app/config:ro",
        "${AGENT_PROMPTS_PATH:-agent-prompts}:/app/prompts:ro",
      ]),
    );
  });
});
