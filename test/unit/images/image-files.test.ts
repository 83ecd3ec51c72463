// The image sources themselves: exact pins, the per-agent contract (name, port) and no
// `# syntax=` directive (this air-gapped engine cannot pull a Dockerfile frontend). What bake
// passes comes from the captured `bake --print` of bake.hcl (the CLI tier keeps it current).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { parseSmokeSpec } from "../../../scripts/smoke/spec-parse.ts";

const agentPorts: Record<string, string> = {
  chat: "8001",
  rag: "8002",
  npu: "8003",
  research: "8004",
  knowledge: "8005",
};
const dockerfiles = ["base/Dockerfile", "images/api/Dockerfile", "images/agent.Dockerfile"];
const bake = parseBakePrint(readFileSync("test/fixtures/bake/repository/bake.print.json", "utf8"), process.cwd());
const requirementFiles = [
  ...readdirSync("base")
    .filter((file) => /^requirements-.*\.txt$/.test(file))
    .map((file) => `base/${file}`),
  ...Object.keys(agentPorts).map((agent) => `images/${agent}/requirements.txt`),
];

/** Requirement lines, without comments, blanks and pip options (--extra-index-url …). */
function requirements(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line && !line.startsWith("-"));
}

describe.each(requirementFiles)("%s", (file) => {
  test("pins every requirement to an exact version", () => {
    const lines = requirements(readFileSync(file, "utf8"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z,]+\])?==[0-9][A-Za-z0-9.+!-]*$/);
  });
});

describe.each(Object.entries(agentPorts))("%s agent", (agent, port) => {
  const target = bake.targets[`${agent}-agent`];

  test("is built from its own folder with the shared Dockerfile, given its name and port", () => {
    expect(target?.context).toBe(`${process.cwd()}/images/${agent}`);
    expect(target?.dockerfile).toBe(`${process.cwd()}/images/agent.Dockerfile`);
    expect(target?.args).toMatchObject({ AGENT_NAME: agent, AGENT_PORT: port });
    expect(target?.labels["org.opencontainers.image.title"]).toBe(`${agent}-agent`);
  });

  test("its smoke spec expects the name, port and title bake gives it", () => {
    const spec = parseSmokeSpec(readFileSync(`images/${agent}/smoke.yaml`, "utf8"), `images/${agent}/smoke.yaml`);
    const env = Object.fromEntries((spec.metadataTest?.envVars ?? []).map((e) => [e.key, e.value]));
    expect(env).toMatchObject({ AGENT_NAME: agent, PORT: port });
    expect(spec.metadataTest?.exposedPorts).toEqual([port]);
    expect(spec.metadataTest?.labels.find((l) => l.key === "org.opencontainers.image.title")?.value).toBe(
      target?.labels["org.opencontainers.image.title"],
    );
  });

  test("ships an agent package with a __main__ entry", () => {
    expect(readdirSync(`images/${agent}/agent`)).toEqual(expect.arrayContaining(["__init__.py", "__main__.py"]));
  });
});

test("the shared agent Dockerfile turns the name and port into the contract and ends as the agent user", () => {
  const dockerfile = readFileSync("images/agent.Dockerfile", "utf8");
  expect(dockerfile).toMatch(/^ENV AGENT_NAME=\$\{AGENT_NAME\} \\\n {4}PORT=\$\{AGENT_PORT\}$/m);
  expect(dockerfile).toMatch(/^EXPOSE \$\{AGENT_PORT\}$/m);
  expect(dockerfile.trimEnd().split("\n").at(-1)).toBe("USER agent");
});

test.each(dockerfiles)("%s declares no labels: bake.hcl declares every image's", (file) => {
  expect(readFileSync(file, "utf8")).not.toMatch(/^LABEL /m);
});

test.each(dockerfiles)("%s has no # syntax= directive and uses JSON-form ENTRYPOINT/CMD", (file) => {
  const text = readFileSync(file, "utf8");
  expect(text).not.toMatch(/^#\s*syntax\s*=/im);
  for (const line of text.split("\n").filter((l) => /^(ENTRYPOINT|CMD) /.test(l)))
    expect(line).toMatch(/^(ENTRYPOINT|CMD) \[/);
});

test("both API flavors build the one runtime stage, each on its own OS stage", () => {
  const stages = [...readFileSync("images/api/Dockerfile", "utf8").matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => [
    m[1],
    m[2],
  ]);
  expect(stages.at(-1)).toEqual(["${RUNTIME_OS}", "runtime"]);
  const names = stages.map(([, name]) => name);
  for (const name of ["api", "api-debian"]) {
    expect(bake.targets[name]?.target).toBe("runtime");
    expect(names).toContain(bake.targets[name]?.args.RUNTIME_OS);
  }
  expect(bake.targets.api?.args.RUNTIME_OS).not.toBe(bake.targets["api-debian"]?.args.RUNTIME_OS);
});
