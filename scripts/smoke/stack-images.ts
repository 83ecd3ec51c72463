// Pure planning of the images `pnpm images stack test` runs: for each compose service, whether its
// image is already here, which of the repository's bake targets makes it, what stands in for an
// image that cannot build on this machine (another flavor of the same target, the fixture echo
// agent for an agent), or which mirror holds it. Facts come in as data (stack-images-read.ts);
// building and pulling happen in stack-images-apply.ts. Each decision says why, for the output.
import type { MissingImage } from "../errors/errors.ts";
import type { BakeTarget } from "../types/bake.ts";

/** The fixture echo agent that stands in for agents whose images cannot build here. */
export interface StandInAgent {
  /** The image its bake file tags it with (REGISTRY and VERSION from the environment). */
  ref: string;
  /** The command that builds it, for a message when set-up is off. */
  command: string;
}

export interface StackImageFacts {
  /** Each service's image, as `docker compose config` resolved it. */
  services: Record<string, string | undefined>;
  /** The candidate references (`imageCandidates`) that exist in the local engine. */
  present: ReadonlySet<string>;
  /** The workspace's bake targets, as `bake --print` resolved them. */
  targets: Record<string, Pick<BakeTarget, "tags" | "args">>;
  /** Targets that cannot build on this machine, with why (plan/needs.ts). */
  unbuildable: Record<string, string>;
  /** Upstream reference → mirror reference, for mirrors that answer. */
  mirrors: Record<string, string>;
  /** Mirror references the registry holds for this machine's platform. */
  mirrorHeld: ReadonlySet<string>;
  /** Upstreams whose stand-in `bases seed` can put at exactly their mirror reference. */
  seedable: ReadonlySet<string>;
  /** Absent when the workspace has no fixture workspace to build it from. */
  standIn?: StandInAgent;
  /** Target → another target with the same contract (the API on Debian for the API on Alpine). */
  flavors: Record<string, string>;
  /** Set-up on: missing images may be built, seeded and pulled. */
  allowed: boolean;
}

interface Decided {
  service: string;
  /** The image compose would run. */
  image: string;
  why: string;
}

export type StackImageDecision =
  | (Decided & { kind: "present" })
  | (Decided & { kind: "build"; target: string })
  | (Decided & { kind: "flavor"; target: string; ref: string; build: boolean })
  | (Decided & { kind: "stand-in"; ref: string; build: boolean; agent: string; port: string })
  | (Decided & { kind: "mirror"; upstream: string; ref: string; pull: boolean; seed: boolean })
  | (Decided & { kind: "none"; problem: string });

export interface StackImagePlan {
  decisions: StackImageDecision[];
  /** Repository targets to build, once each. */
  builds: string[];
  /** The fixture echo agent must be built. */
  buildStandIn: boolean;
  /** Upstreams to seed into the mirror, then mirror references to pull. */
  seeds: string[];
  pulls: string[];
  /** What cannot be made (or, with set-up off, would have to be): an error, and nothing starts. */
  problems: MissingImage[];
}

/**
 * The fixture agent's healthcheck under a shared, busy engine: its own probe (every 2 s, 3 s timeout) is
 * made for an idle one. As in test/fixtures/smoke/stack/fixture-agents.override.yaml.
 */
export const standInHealthcheck = { interval: "5s", timeout: "20s", start_period: "30s", retries: 6 };

/** Every reference whose presence the plan may ask about: service images, flavors, the stand-in, mirrors. */
export function imageCandidates(facts: Omit<StackImageFacts, "present" | "mirrorHeld">): string[] {
  const images = Object.values(facts.services).filter((image): image is string => Boolean(image));
  const flavors = Object.values(facts.flavors).map((name) => facts.targets[name]?.tags[0]);
  const mirrors = images.map((image) => facts.mirrors[image]);
  const refs = [...images, ...flavors, facts.standIn?.ref, ...mirrors];
  return [...new Set(refs.filter((ref): ref is string => ref !== undefined))];
}

export function planStackImages(facts: StackImageFacts): StackImagePlan {
  const decisions = Object.entries(facts.services).map(([service, image]) => decide(facts, service, image ?? ""));
  const builds = decisions.flatMap((d) => (d.kind === "build" || (d.kind === "flavor" && d.build) ? [d.target] : []));
  const mirrored = decisions.filter((d) => d.kind === "mirror");
  const problems = decisions.flatMap((d) => problemOf(d, facts));
  return {
    decisions,
    builds: [...new Set(builds)],
    buildStandIn: decisions.some((d) => d.kind === "stand-in" && d.build),
    seeds: [...new Set(mirrored.filter((d) => d.seed).map((d) => d.upstream))],
    pulls: [...new Set(mirrored.filter((d) => d.pull).map((d) => d.ref))],
    problems,
  };
}

function decide(facts: StackImageFacts, service: string, image: string): StackImageDecision {
  if (!image) return none(service, "", "has no `image:` in the compose files");
  if (facts.present.has(image)) return { kind: "present", service, image, why: `${service}: ${image} is here` };
  const target = Object.entries(facts.targets).find(([, t]) => t.tags.includes(image))?.[0];
  if (target === undefined) return fromMirror(facts, service, image);
  const reason = facts.unbuildable[target];
  if (reason === undefined)
    return { kind: "build", service, image, target, why: `${service}: building ${target}, as ${image} is not here` };
  return flavorOf(facts, service, image, target, reason) ?? standInOf(facts, service, image, target, reason);
}

/** Another flavor of the same target that is here or builds here. */
function flavorOf(
  facts: StackImageFacts,
  service: string,
  image: string,
  target: string,
  reason: string,
): StackImageDecision | undefined {
  const flavor = facts.flavors[target];
  const ref = flavor === undefined ? undefined : facts.targets[flavor]?.tags[0];
  if (flavor === undefined || ref === undefined) return undefined;
  const build = !facts.present.has(ref);
  if (build && flavor in facts.unbuildable) return undefined;
  const why = `${service} → ${flavor} (${doing(build)}): its build ${reason}`;
  return { kind: "flavor", service, image, target: flavor, ref, build, why };
}

/** An agent target (bake.hcl's agent matrix gives each AGENT_NAME and AGENT_PORT): the fixture echo agent. */
function standInOf(
  facts: StackImageFacts,
  service: string,
  image: string,
  target: string,
  reason: string,
): StackImageDecision {
  const { AGENT_NAME: agent, AGENT_PORT: port } = facts.targets[target]?.args ?? {};
  const standIn = facts.standIn;
  if (!standIn || agent === undefined || port === undefined)
    return none(service, image, `is not here and its build ${reason}`);
  const build = !facts.present.has(standIn.ref);
  const why = `${service} → fixture echo agent (${doing(build)}): its build ${reason}`;
  return { kind: "stand-in", service, image, ref: standIn.ref, build, agent, port, why };
}

function fromMirror(facts: StackImageFacts, service: string, image: string): StackImageDecision {
  const ref = facts.mirrors[image];
  if (ref === undefined) return none(service, image, "is not here, and no bake target or mirror makes it");
  const here = facts.present.has(ref);
  const seed = !here && !facts.mirrorHeld.has(ref);
  if (seed && !facts.seedable.has(image))
    return none(service, image, `is not here, and its mirror ${ref} is empty (no stand-in recipe makes it)`);
  const state = here ? "here already" : seed ? "seeding the mirror, then pulling it" : "pulling it";
  const why = `${service} → ${ref}, the mirror of ${image} (${state})`;
  return { kind: "mirror", service, image, upstream: image, ref, pull: !here, seed, why };
}

function doing(build: boolean): string {
  return build ? "building it" : "here already";
}

function none(service: string, image: string, problem: string): StackImageDecision {
  return { kind: "none", service, image, problem, why: `${service}: ${image ? `${image} ` : ""}${problem}` };
}

/** Cannot be made, or (set-up off) would have to be: what is missing and the command that makes it. */
function problemOf(d: StackImageDecision, facts: StackImageFacts): MissingImage[] {
  const missing = (problem: string, command?: string): MissingImage[] => [
    { service: d.service, image: d.image, problem, ...(command ? { command } : {}) },
  ];
  if (d.kind === "none") return missing(d.problem);
  if (facts.allowed) return [];
  if (d.kind === "build") return missing("is not here", `pnpm build:images ${d.target}`);
  if (d.kind === "flavor" && d.build) return missing(`is not here, nor ${d.ref}`, `pnpm build:images ${d.target}`);
  if (d.kind === "stand-in" && d.build) return missing(`is not here, nor ${d.ref}`, facts.standIn?.command);
  if (d.kind === "mirror" && d.pull) {
    const seed = d.seed ? `pnpm images bases seed --only ${d.upstream} && ` : "";
    return missing(`is not here, nor ${d.ref}`, `${seed}docker pull ${d.ref}`);
  }
  return [];
}

/** A compose override (JSON is YAML) that points each substituted service at what stands in, or undefined. */
export function stackImagesOverride(plan: StackImagePlan): string | undefined {
  const services = Object.fromEntries(plan.decisions.flatMap((d) => serviceOverride(d)));
  return Object.keys(services).length ? `${JSON.stringify({ services }, null, 2)}\n` : undefined;
}

function serviceOverride(d: StackImageDecision): [string, Record<string, unknown>][] {
  if (d.kind === "flavor" || d.kind === "mirror") return [[d.service, { image: d.ref }]];
  if (d.kind !== "stand-in") return [];
  // The echo agent answers /health/<AGENT_NAME> on PORT: the agent's own name and port.
  const environment = { AGENT_NAME: d.agent, PORT: d.port };
  return [[d.service, { image: d.ref, environment, healthcheck: standInHealthcheck }]];
}

/** The fixture workspace's target that stands in for an agent. */
export const standInTarget = "echo-agent";

/** `docker buildx bake` of the fixture echo agent (in its workspace), with the mirrors its Dockerfiles name. */
export function standInBakeArgs(mirrors: Record<string, string>): string[] {
  const contexts = Object.entries(mirrors).flatMap(([upstream, mirror]) => [
    "--set",
    `*.contexts.${upstream}=docker-image://${mirror}`,
  ]);
  return ["docker", "buildx", "bake", "-f", "bake.hcl", "--load", ...contexts, standInTarget];
}
