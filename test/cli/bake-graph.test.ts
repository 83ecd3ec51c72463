// The real bake.hcl, read the way the build system reads it: `docker buildx bake --print`
// (needs the buildx plugin, never an engine). Asserts the image graph the issue asks for.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { loadBakeDefinition } from "../../scripts/read/definition.ts";
import { buildOrder, dependenciesOf } from "../../scripts/plan/graph.ts";
import { exec } from "../../scripts/process/exec.ts";
import type { BakeDefinition, BakeTarget } from "../../scripts/types/bake.ts";

const workspace = process.cwd();
const agents = ["chat-agent", "rag-agent", "npu-agent", "research-agent", "knowledge-agent"];
const everything = ["python-agent-base", ...agents, "api", "api-debian"];
// Only the variables under test: a developer's own REGISTRY or VERSION must not leak in.
const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ...extra,
});

const load = (targets: string[], env: NodeJS.ProcessEnv = {}): Promise<BakeDefinition> =>
  loadBakeDefinition({ workspace, exec, env: cleanEnv(env), targets });

function target(definition: BakeDefinition, name: string): BakeTarget {
  const found = definition.targets[name];
  if (!found) throw new Error(`bake.hcl has no target ${name}`);
  return found;
}

let all: BakeDefinition;
beforeAll(async () => {
  all = await load(["default"]);
});

describe("groups", () => {
  test("default lists every image and agents lists the five agents", async () => {
    expect(all.groups.default).toEqual(everything);
    expect(Object.keys(all.targets).sort()).toEqual([...everything].sort());
    const onlyAgents = await load(["agents"]);
    expect(onlyAgents.groups.agents).toEqual(agents);
  });

  test("building the agents group builds the base first", async () => {
    const definition = await load(["agents"]);
    expect(buildOrder(definition, agents)[0]).toBe("python-agent-base");
  });
});

describe.each(agents)("%s", (name) => {
  test("FROMs the base by its image reference, mapped to target:python-agent-base", () => {
    const agent = target(all, name);
    const baseRef = target(all, "python-agent-base").tags[0];
    expect(agent.args.BASE_IMAGE).toBe(baseRef);
    expect(agent.contexts).toEqual({ [baseRef ?? "?"]: "target:python-agent-base" });
    expect(dependenciesOf(agent)).toEqual(["python-agent-base"]);
    expect(readFileSync(agent.dockerfile, "utf8")).toMatch(/^FROM \$\{BASE_IMAGE\}$/m);
  });

  test("builds from its own folder with the Dockerfile every agent shares, given its name", () => {
    const agent = name.replace(/-agent$/, "");
    expect(target(all, name).context).toBe(`${workspace}/images/${agent}`);
    expect(target(all, name).dockerfile).toBe(`${workspace}/images/agent.Dockerfile`);
    expect(target(all, name).args.AGENT_NAME).toBe(agent);
  });
});

describe.each(everything)("%s", (name) => {
  test("carries the OCI labels, declared in bake.hcl only", () => {
    const { labels } = target(all, name);
    for (const key of ["title", "description", "version", "revision", "created", "source", "licenses"]) {
      expect(labels[`org.opencontainers.image.${key}`], key).toBeTruthy();
    }
  });

  test("has a local default tag <REGISTRY>/<name>:<VERSION>", () => {
    expect(target(all, name).tags).toEqual([`ghcr.io/acme/${name}:dev`]);
  });
});

describe("api flavors", () => {
  test("share one Dockerfile, context and runtime stage, differing only in the OS stage under it", () => {
    const alpine = target(all, "api");
    const debian = target(all, "api-debian");
    expect(debian.dockerfile).toBe(alpine.dockerfile);
    expect(debian.context).toBe(alpine.context);
    expect([alpine.target, debian.target]).toEqual(["runtime", "runtime"]);
    expect([alpine.args.RUNTIME_OS, debian.args.RUNTIME_OS]).toEqual(["os-alpine", "os-debian"]);
    const { RUNTIME_OS: _alpineOs, ...alpineRest } = alpine.args;
    const { RUNTIME_OS: _debianOs, ...debianRest } = debian.args;
    expect(debianRest).toEqual(alpineRest);
    const stages = [...readFileSync(alpine.dockerfile, "utf8").matchAll(/^FROM (\S+) AS (\S+)$/gm)].map(
      (m) => `${m[1]} AS ${m[2]}`,
    );
    expect(stages).toEqual([
      "${NODE_DEBIAN_IMAGE} AS build",
      "${NODE_ALPINE_IMAGE} AS os-alpine",
      "${NODE_DEBIAN_IMAGE} AS os-debian",
      "${RUNTIME_OS} AS runtime",
    ]);
  });

  test("pass the upstream node images as args", () => {
    expect(target(all, "api").args).toMatchObject({
      NODE_ALPINE_IMAGE: "node:20-alpine",
      NODE_DEBIAN_IMAGE: "node:20-bookworm-slim",
    });
  });
});
