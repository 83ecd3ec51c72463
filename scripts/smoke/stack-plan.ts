// Pure planning of `pnpm images stack test`: docker compose argv, the isolation override
// (no fixed container names, network names or host ports) and where the persistence probe goes.
import { ConfigError } from "../errors/errors.ts";

interface ComposePort {
  target: number;
  published?: string;
  host_ip?: string;
  protocol?: string;
}

interface ComposeMount {
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
}

interface ComposeResources {
  cpus?: number | string;
  memory?: string;
}

export interface ComposeService {
  image?: string;
  container_name?: string;
  ports?: ComposePort[];
  expose?: string[];
  volumes?: ComposeMount[];
  environment?: Record<string, string | null>;
  secrets?: { source: string; target?: string }[];
  read_only?: boolean;
  tmpfs?: string[];
  deploy?: { resources?: { limits?: ComposeResources; reservations?: ComposeResources } };
  logging?: { driver?: string; options?: Record<string, string> };
}

/** A top-level secret or config: compose resolves `file` to an absolute path. */
export interface ComposeFileSource {
  name?: string;
  file?: string;
  environment?: string;
  external?: boolean;
}

/** `docker compose config --format json`, the parts we use. */
export interface ComposeConfig {
  services: Record<string, ComposeService>;
  networks?: Record<string, { name?: string; external?: boolean }>;
  volumes?: Record<string, { name?: string; external?: boolean }>;
  secrets?: Record<string, ComposeFileSource>;
  configs?: Record<string, ComposeFileSource>;
}

export function parseComposeConfig(json: string, file: string): ComposeConfig {
  try {
    const parsed = JSON.parse(json) as Partial<ComposeConfig>;
    return { ...parsed, services: parsed.services ?? {} };
  } catch {
    throw new ConfigError("`docker compose config` did not return JSON", { file });
  }
}

export function composeBase(files: readonly string[], project: string, envFile?: string): string[] {
  return [
    "docker",
    "compose",
    "--ansi",
    "never",
    ...files.flatMap((file) => ["-f", file]),
    ...(envFile ? ["--env-file", envFile] : []),
    "-p",
    project,
  ];
}

export function configArgs(base: readonly string[]): string[] {
  return [...base, "config", "--format", "json"];
}

export function upArgs(base: readonly string[], timeoutSeconds: number, services: readonly string[] = []): string[] {
  // Built images only: never pull or build behind the user's back.
  return [
    ...base,
    "up",
    "--detach",
    "--wait",
    "--wait-timeout",
    String(timeoutSeconds),
    "--no-build",
    "--pull",
    "never",
    ...services,
  ];
}

export function restartArgs(base: readonly string[], service: string): string[] {
  return [...base, "restart", service];
}

export function writeProbeArgs(base: readonly string[], service: string, path: string, token: string): string[] {
  return [...base, "exec", "-T", service, "sh", "-c", 'printf %s "$1" > "$2"', "sh", token, path];
}

export function readProbeArgs(base: readonly string[], service: string, path: string): string[] {
  return [...base, "exec", "-T", service, "cat", path];
}

export function psArgs(base: readonly string[]): string[] {
  return [...base, "ps", "--all", "--format", "table {{.Service}}\t{{.State}}\t{{.Status}}"];
}

/** Every service's log; with `tail`, the last lines only. */
export function stackLogsArgs(base: readonly string[], tail?: number): string[] {
  return [...base, "logs", "--no-color", ...(tail === undefined ? [] : ["--tail", String(tail)])];
}

export function containerIdsArgs(base: readonly string[]): string[] {
  return [...base, "ps", "--all", "--quiet"];
}

export function inspectArgs(ids: readonly string[]): string[] {
  return ["docker", "inspect", ...ids];
}

/** GET /status from inside the API container, with the node the image runs on (no curl needed). */
export function apiStatusArgs(base: readonly string[], service: string): string[] {
  const script = [
    'fetch("http://127.0.0.1:" + (process.env.PORT || 3000) + "/status")',
    ".then((r) => r.text()).then((t) => process.stdout.write(t))",
  ].join("");
  return [...base, "exec", "-T", service, "node", "-e", script];
}

export function downArgs(base: readonly string[]): string[] {
  return [...base, "down", "--volumes", "--remove-orphans", "--timeout", "10"];
}

/**
 * A compose override so a test stack never collides with a running one: container names reset,
 * explicitly named networks/volumes renamed into the project, ports on free loopback ports.
 */
export function isolationOverride(config: ComposeConfig, project: string): string {
  const services = Object.entries(config.services).map(([name, service]) => {
    const lines = [`  ${JSON.stringify(name)}:`];
    if (service.container_name) lines.push("    container_name: !reset null");
    if (service.ports?.length)
      lines.push(
        "    ports: !override",
        ...service.ports.map(
          (port) => `      - ${JSON.stringify(`127.0.0.1::${port.target}/${port.protocol ?? "tcp"}`)}`,
        ),
      );
    return lines.length > 1 ? lines.join("\n") : "";
  });
  return (
    [
      section("services", services.filter(Boolean)),
      renamed("networks", config.networks, project),
      renamed("volumes", config.volumes, project),
    ]
      .filter(Boolean)
      .join("\n") + "\n"
  );
}

function renamed(kind: string, entries: ComposeConfig["networks"], project: string): string {
  const fixed = Object.entries(entries ?? {}).filter(
    ([key, value]) => !value.external && value.name !== undefined && value.name !== `${project}_${key}`,
  );
  return section(
    kind,
    fixed.map(([key]) => `  ${JSON.stringify(key)}:\n    name: ${JSON.stringify(`${project}_${key}`)}`),
  );
}

function section(kind: string, items: string[]): string {
  return items.length ? `${kind}:\n${items.join("\n")}` : "";
}

export interface ProbeTarget {
  service: string;
  path: string;
}

/** The file the persistence check writes: in the service's first named volume, unless given. */
export function probeTarget(config: ComposeConfig, service: string, token: string, folder?: string): ProbeTarget {
  const found = config.services[service];
  if (!found)
    throw new ConfigError(`compose file has no service "${service}"`, {
      hint: `Services: ${Object.keys(config.services).join(", ")}. Pass --service NAME.`,
    });
  const dir = folder ?? found.volumes?.find((mount) => mount.type === "volume" && mount.source)?.target;
  if (!dir)
    throw new ConfigError(`service "${service}" mounts no named volume, so persistence cannot be checked`, {
      hint: "Pass --probe-dir DIR (a folder on a volume).",
    });
  return { service, path: `${dir.replace(/\/$/, "")}/.stack-probe-${token}` };
}
