import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../scripts/config/load.ts";
import { MissingImagesError } from "../../../scripts/errors/errors.ts";
import { buildOrder, expandSelection } from "../../../scripts/plan/graph.ts";
import { unbuildable } from "../../../scripts/plan/needs.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { parseComposeConfig } from "../../../scripts/smoke/stack-plan.ts";
import {
  imageCandidates,
  planStackImages,
  stackImagesOverride,
  standInBakeArgs,
  type StackImageFacts,
} from "../../../scripts/smoke/stack-images.ts";
import { inspectFormat, presentLocally } from "../../../scripts/bake/local-image.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { fakeContext } from "../fake-context.ts";
import { fixture, repoRoot } from "./fixtures.ts";

// Real inputs: the shipped stack's resolved config, the repository's `bake --print`, its `needs:`.
const compose = parseComposeConfig(fixture("stack", "production.config.json"), "compose.yaml");
const services = Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, s.image]));
const definition = parseBakePrint(
  readFileSync(join(repoRoot, "test/fixtures/bake/repository/bake.print.json"), "utf8"),
  repoRoot,
);
const config = parseConfig(readFileSync(join(repoRoot, "images.config.yaml"), "utf8"), "images.config.yaml");
const order = buildOrder(definition, expandSelection(definition, []));
const airGapped = new Set(Object.values(config.needs).flat());
const redisMirror = "127.0.0.1:5000/library/redis:7-bookworm";
const echo = "127.0.0.1:5000/fixture/echo-agent:dev";
const agents = ["chat-agent", "rag-agent", "npu-agent", "research-agent", "knowledge-agent"];

function facts(overrides: Partial<StackImageFacts> = {}): StackImageFacts {
  return {
    services,
    present: new Set(),
    targets: definition.targets,
    unbuildable: unbuildable(definition, order, config.needs, airGapped),
    mirrors: config.mirrors,
    mirrorHeld: new Set([redisMirror]),
    seedable: new Set(["redis:7-bookworm"]),
    standIn: { ref: echo, command: "cd test/fixtures/workspace && docker buildx bake --load echo-agent" },
    flavors: { api: "api-debian" },
    allowed: true,
    ...overrides,
  };
}

const kinds = (plan: ReturnType<typeof planStackImages>) =>
  Object.fromEntries(plan.decisions.map((d) => [d.service, d.kind]));

describe("stack images plan", () => {
  it("does nothing when every image is here", () => {
    const plan = planStackImages(facts({ present: new Set(Object.values(services).map(String)) }));
    expect(new Set(Object.values(kinds(plan)))).toEqual(new Set(["present"]));
    expect(plan).toMatchObject({ builds: [], buildStandIn: false, seeds: [], pulls: [], problems: [] });
    expect(stackImagesOverride(plan)).toBeUndefined();
    expect(plan.decisions.find((d) => d.service === "api")?.why).toBe("api: ghcr.io/acme/api:dev is here");
  });

  it("air-gapped: api-debian for the API, the echo agent for each agent, redis from the mirror", () => {
    const plan = planStackImages(facts());
    expect(kinds(plan)).toEqual({
      api: "flavor",
      ...Object.fromEntries(agents.map((agent) => [agent, "stand-in"])),
      redis: "mirror",
    });
    expect(plan).toMatchObject({ builds: ["api-debian"], buildStandIn: true, seeds: [], pulls: [redisMirror] });
    expect(plan.problems).toEqual([]);
    const why = (service: string) => plan.decisions.find((d) => d.service === service)?.why;
    expect(why("chat-agent")).toBe(
      "chat-agent → fixture echo agent (building it): its build " +
        "needs https://pypi.org/simple/, which does not answer from this machine (air-gapped?)",
    );
    expect(why("api")).toMatch(/^api → api-debian \(building it\): its build needs https:\/\/dl-cdn/);
    expect(why("redis")).toBe(`redis → ${redisMirror}, the mirror of redis:7-bookworm (pulling it)`);
  });

  it("points each substituted service at its stand-in, with the agent's own name and port", () => {
    expect(stackImagesOverride(planStackImages(facts()))).toBe(fixture("stack", "stand-ins.override.json"));
  });

  it("builds the repository's own target wherever its needs answer (a connected machine)", () => {
    const plan = planStackImages(facts({ unbuildable: {}, present: new Set([redisMirror]) }));
    expect(kinds(plan)).toMatchObject({ api: "build", "chat-agent": "build", redis: "mirror" });
    expect(plan.builds).toEqual(["api", ...agents.toSorted()].toSorted());
    expect(plan).toMatchObject({ buildStandIn: false, pulls: [], problems: [] });
    expect(plan.decisions.find((d) => d.service === "rag-agent")?.why).toBe(
      "rag-agent: building rag-agent, as ghcr.io/acme/rag-agent:dev is not here",
    );
  });

  it("uses stand-ins that are here already without building them", () => {
    const present = new Set([echo, "ghcr.io/acme/api-debian:dev", redisMirror]);
    const plan = planStackImages(facts({ present }));
    expect(plan).toMatchObject({ builds: [], buildStandIn: false, pulls: [], problems: [] });
    expect(plan.decisions.find((d) => d.service === "api")?.why).toMatch(/^api → api-debian \(here already\): /);
  });

  it("seeds the mirror first when it lacks redis", () => {
    const plan = planStackImages(facts({ mirrorHeld: new Set() }));
    expect(plan).toMatchObject({ seeds: ["redis:7-bookworm"], pulls: [redisMirror] });
    expect(plan.decisions.find((d) => d.service === "redis")?.why).toMatch(/seeding the mirror, then pulling it/);
  });

  it.each([
    ["an image no target or mirror makes", { services: { api: "example.com/other:1" } }, /no bake target or mirror/],
    [
      "an agent with no stand-in to build",
      { services: { "chat-agent": services["chat-agent"] }, standIn: undefined },
      /its build needs https:\/\/pypi/,
    ],
    [
      "a mirror the registry lacks and no recipe makes",
      { mirrorHeld: new Set<string>(), seedable: new Set<string>() },
      /its mirror .* is empty/,
    ],
    [
      "an API whose flavor cannot build either",
      { services: { api: services.api }, flavors: {} },
      /its build needs https:\/\/dl-cdn/,
    ],
  ])("cannot make %s: a problem, whatever set-up may do", (_name, given, problem) => {
    const plan = planStackImages(facts(given));
    expect(plan.problems.length).toBeGreaterThan(0);
    expect(plan.problems.map((p) => p.problem).join("\n")).toMatch(problem);
    expect(plan.problems.every((p) => p.command === undefined)).toBe(true);
  });

  it("with set-up off, names the command for each image it would have made", () => {
    const plan = planStackImages(facts({ allowed: false, mirrorHeld: new Set() }));
    expect(Object.fromEntries(plan.problems.map((p) => [p.service, p.command]))).toEqual({
      api: "pnpm build:images api-debian",
      ...Object.fromEntries(agents.map((agent) => [agent, facts().standIn?.command])),
      redis: `pnpm images bases seed --only redis:7-bookworm && docker pull ${redisMirror}`,
    });
    const build = planStackImages(facts({ allowed: false, unbuildable: {}, present: new Set([redisMirror]) }));
    expect(build.problems.find((p) => p.service === "chat-agent")?.command).toBe("pnpm build:images chat-agent");
  });

  it("with set-up off, what is here (the stand-ins included) is no problem", () => {
    const present = new Set([echo, "ghcr.io/acme/api-debian:dev", redisMirror]);
    expect(planStackImages(facts({ allowed: false, present })).problems).toEqual([]);
  });

  it("asks about each service image, the flavors, the stand-in and the mirrors, once each", () => {
    const candidates = imageCandidates(facts());
    expect(candidates).toEqual(expect.arrayContaining([...Object.values(services), echo, redisMirror]));
    expect(candidates).toContain("ghcr.io/acme/api-debian:dev");
    expect(new Set(candidates).size).toBe(candidates.length);
  });

  it("the error lists every missing image with its command, and says nothing was started", () => {
    const plan = planStackImages(facts({ allowed: false }));
    const error = new MissingImagesError(plan.problems, true);
    expect(error.message).toMatch(/^the stack cannot start, 7 images missing; nothing was started:\n/);
    expect(error.message).toContain("\n  api: ghcr.io/acme/api:dev is not here, nor ghcr.io/acme/api-debian:dev\n");
    expect(error.message).toMatch(/\n {2}the commands that make them:\n {4}pnpm build:images api-debian\n {4}cd test/);
    expect(error.message.split(facts().standIn?.command ?? "?")).toHaveLength(2);
    expect(error.hint).toMatch(/--no-setup/);
    expect(error.exitCode).toBe(1);
  });
});

describe("stack images: argv and reads", () => {
  it("bakes the fixture echo agent from the mirrors its Dockerfiles name", () => {
    expect(
      standInBakeArgs({ "python:3.12-slim-bookworm": "127.0.0.1:5000/library/python:3.12-slim-bookworm" }),
    ).toEqual([
      "docker",
      "buildx",
      "bake",
      "-f",
      "bake.hcl",
      "--load",
      "--set",
      "*.contexts.python:3.12-slim-bookworm=docker-image://127.0.0.1:5000/library/python:3.12-slim-bookworm",
      "echo-agent",
    ]);
  });

  it("asks about each image on its own, so one missing image hides no other", async () => {
    const asked: string[][] = [];
    const exec: Exec = (argv) => {
      asked.push([...argv]);
      const here = argv.at(-1) === "here:1";
      const stdout = here ? `${JSON.stringify({ id: "sha256:a", size: 1, labels: null, names: ["here:1"] })}\n` : "";
      return Promise.resolve({ argv, exitCode: here ? 0 : 1, stdout, stderr: "" });
    };
    expect(await presentLocally(fakeContext(repoRoot, exec), ["gone:1", "here:1"])).toEqual(new Set(["here:1"]));
    expect(asked).toContainEqual(["docker", "image", "inspect", "--format", inspectFormat, "here:1"]);
  });
});
