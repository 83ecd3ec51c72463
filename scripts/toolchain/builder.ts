// A buildx builder as `docker --debug buildx inspect NAME` describes it (buildx 0.13's tabwriter
// of `Key: value` lines; `Features:` only with --debug), and what its driver can do. The parser and
// the capabilities are pure; readBuilder is the edge. fixtures: test/fixtures/buildx/.
import { UsageError } from "../errors/errors.ts";
import type { Exec, ExecOptions } from "../process/exec.ts";

export interface BuilderNode {
  name: string;
  endpoint: string;
  /** running, inactive (not booted yet: a build boots it), stopped; "error" when the node did not answer. */
  status: string;
  error?: string;
  platforms: string[];
  /** buildx's own answers ("Cache export", "Multi-platform build", …), when it printed them. */
  features: Record<string, boolean>;
}

export interface BuilderFacts {
  name: string;
  driver: string;
  error?: string;
  nodes: BuilderNode[];
}

export interface BuilderCapabilities {
  name: string;
  driver: string;
  /** `push-by-digest=true`: every driver but `docker` ("not implemented for docker driver"). */
  pushByDigest: boolean;
  cacheExport: boolean;
  multiPlatform: boolean;
  /** Load into the local engine (the smoke specs run there). */
  load: boolean;
  platforms: string[];
  /** "buildx": from its Features list; "driver": inferred from the driver name (older buildx). */
  source: "buildx" | "driver";
  /** Nodes that did not answer, with buildx's reason. */
  errors: string[];
}

/** Pure: the inspect text → builder and nodes. Lines before `Nodes:` describe the builder. */
export function parseBuilderInspect(text: string): BuilderFacts {
  const [head = "", body = ""] = text.split(/^Nodes:\s*$/m);
  const fields = keyValues(head);
  const nodes = body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => /^Name:/m.test(block))
    .map(parseNode);
  const error = fields.get("Error");
  return { name: fields.get("Name") ?? "", driver: fields.get("Driver") ?? "", ...(error ? { error } : {}), nodes };
}

function parseNode(block: string): BuilderNode {
  const fields = keyValues(block);
  const error = fields.get("Error");
  return {
    name: fields.get("Name") ?? "",
    endpoint: fields.get("Endpoint") ?? "",
    status: error ? "error" : (fields.get("Status") ?? "unknown"),
    ...(error ? { error } : {}),
    platforms: (fields.get("Platforms") ?? "")
      .split(",")
      .map((entry) => entry.trim().replace(/\*$/, ""))
      .filter(Boolean),
    features: features(block),
  };
}

/** Unindented `Key: value` lines (the first of each key); indented lines belong to a section. */
function keyValues(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z][A-Za-z ]*?):\s*(.*)$/.exec(line);
    if (match?.[1] && !fields.has(match[1])) fields.set(match[1], (match[2] ?? "").trim());
  }
  return fields;
}

function features(block: string): Record<string, boolean> {
  const section = /^Features:\n((?:[ \t].*\n?)*)/m.exec(block)?.[1] ?? "";
  const entries = section.split("\n").flatMap((line) => {
    const match = /^\s+(.+?):\s+(true|false)\s*$/.exec(line);
    return match?.[1] ? [[match[1], match[2] === "true"] as const] : [];
  });
  return Object.fromEntries(entries);
}

/**
 * Pure: what the builder can do. buildx's Features answer when printed (every node must have the
 * feature); without them, the driver decides: `docker` is taken at its most limited (the classic
 * image store), every other driver runs its own BuildKit, which can do all of it.
 */
export function builderCapabilities(facts: BuilderFacts): BuilderCapabilities {
  const answering = facts.nodes.filter((node) => node.status !== "error");
  const reported = answering.length > 0 && answering.every((node) => Object.keys(node.features).length > 0);
  const own = facts.driver !== "docker";
  const feature = (name: string): boolean => (reported ? answering.every((node) => node.features[name] === true) : own);
  return {
    name: facts.name,
    driver: facts.driver,
    pushByDigest: own,
    cacheExport: feature("Cache export"),
    multiPlatform: feature("Multi-platform build"),
    load: reported ? feature("Docker exporter") : true,
    platforms: [...new Set(answering.flatMap((node) => node.platforms))],
    source: reported ? "buildx" : "driver",
    errors: [
      ...(facts.error ? [facts.error] : []),
      ...facts.nodes.filter((node) => node.error).map((node) => `${node.name}: ${node.error ?? ""}`),
    ],
  };
}

export function inspectArgv(name: string): string[] {
  // --debug makes buildx print its Features list (cache export, multi-platform, exporters).
  return ["docker", "--debug", "buildx", "inspect", name];
}

/** Edge: inspect one builder; an unknown name is a usage error that says how to list and create them. */
export async function readBuilder(exec: Exec, name: string): Promise<BuilderCapabilities> {
  const result = await exec(inspectArgv(name), { check: false });
  if (result.exitCode !== 0) {
    // --debug adds a stack trace after buildx's one-line ERROR.
    const lines = result.stderr.trim().split("\n");
    const reason =
      (lines.find((line) => line.startsWith("ERROR:")) ?? lines[0] ?? "").replace(/^ERROR:\s*/, "") ||
      `exit ${result.exitCode}`;
    throw new UsageError(
      `--builder ${name}: ${reason}`,
      "`docker buildx ls` lists the builders; " +
        "`docker buildx create --name NAME --driver docker-container|remote|kubernetes …` makes one (docs/release.md).",
    );
  }
  return builderCapabilities(parseBuilderInspect(result.stdout));
}

/** Every buildx command run through the returned Exec uses this builder (BUILDX_BUILDER, buildx's own variable). */
export function withBuilder(exec: Exec, name: string): Exec {
  return (argv, options: ExecOptions = {}) =>
    exec(argv, { ...options, env: { ...(options.env ?? process.env), BUILDX_BUILDER: name } });
}
