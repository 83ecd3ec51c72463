// Reads the bake definition through `docker buildx bake --print` (never our own HCL parser)
// and normalises it. `--print` needs no engine, only the buildx plugin.
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError, EngineError, ImagesError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import type {
  BakeDefinition,
  BakeKept,
  BakePrint,
  BakePrintEntry,
  BakePrintTarget,
  BakeTarget,
} from "../types/bake.ts";

export interface LoadDefinitionOptions {
  workspace: string;
  bakeFile?: string;
  exec: Exec;
  env?: NodeJS.ProcessEnv;
  /** Targets or groups to resolve; default: the `default` group. */
  targets?: string[];
}

export function printArgs(bakeFile: string, targets: readonly string[]): string[] {
  return ["docker", "buildx", "bake", "-f", bakeFile, "--print", ...targets];
}

export async function loadBakeDefinition(options: LoadDefinitionOptions): Promise<BakeDefinition> {
  const bakeFile = options.bakeFile ?? "bake.hcl";
  const argv = printArgs(bakeFile, options.targets ?? []);
  const result = await options.exec(argv, { cwd: options.workspace, env: options.env ?? process.env, check: false });
  if (result.exitCode !== 0) throw bakePrintError(result.stderr, join(options.workspace, bakeFile));
  return parseBakePrint(result.stdout, options.workspace, bakeFile);
}

function bakePrintError(stderr: string, file: string): ImagesError {
  const message =
    stderr
      .split("\n")
      .find((line) => line.startsWith("ERROR:"))
      ?.replace(/^ERROR:\s*/, "") ?? stderr.trim();
  if (/unknown command|is not a docker command|buildx/.test(message) && !/target|definition/.test(message)) {
    return new EngineError(`docker buildx is not available: ${message}`);
  }
  const unknown = /failed to find target (\S+)/.exec(message);
  if (unknown)
    return new ConfigError(`unknown target "${unknown[1] ?? ""}"`, {
      file,
      hint: "Run `pnpm images plan` to list the targets.",
    });
  return new ConfigError(`bake definition is invalid: ${message}`, {
    file,
    hint: "Fix the bake file; `docker buildx bake --print` shows the same error.",
  });
}

/** Pure: `--print` JSON text → normalised definition. */
export function parseBakePrint(json: string, workspace: string, bakeFile = "bake.hcl"): BakeDefinition {
  let raw: BakePrint;
  try {
    raw = JSON.parse(json) as BakePrint;
  } catch {
    throw new ConfigError("`docker buildx bake --print` did not return JSON", { file: bakeFile });
  }
  const targets = Object.fromEntries(
    Object.entries(raw.target ?? {}).map(([name, target]) => [name, normaliseTarget(name, target, workspace)]),
  );
  const groups = Object.fromEntries(
    Object.entries(raw.group ?? {}).map(([name, group]) => [name, group.targets ?? []]),
  );
  return { groups, targets };
}

function normaliseTarget(name: string, raw: BakePrintTarget, workspace: string): BakeTarget {
  const remote = isRemoteContext(raw.context ?? ".");
  const context = remote ? (raw.context ?? ".") : resolve(workspace, raw.context ?? ".");
  const dockerfile = raw.dockerfile ?? "Dockerfile";
  return {
    name,
    context,
    dockerfile: isAbsolute(dockerfile) ? dockerfile : resolve(remote ? workspace : context, dockerfile),
    tags: raw.tags ?? [],
    args: withoutNulls(raw.args),
    labels: withoutNulls(raw.labels),
    contexts: raw.contexts ?? {},
    platforms: raw.platforms ?? [],
    ...(raw.target ? { target: raw.target } : {}),
    secrets: entries(raw.secret),
    output: entries(raw.output),
    cacheFrom: entries(raw["cache-from"]),
    cacheTo: entries(raw["cache-to"]),
    attest: entries(raw.attest),
    kept: keptAttributes(raw),
  };
}

/** A git or https build context: nothing on disk to read or hash. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@/.test(context);
}

/** List entries as CSV strings, whichever shape buildx printed them in. */
export function entries(list: readonly BakePrintEntry[] | undefined): string[] {
  return (list ?? []).map((entry) => (typeof entry === "string" ? entry : csvRecord(entry)));
}

/** `{type: "local", dest: "out"}` → `type=local,dest=out` (type first, a field quoted when it holds , or "). */
function csvRecord(entry: Record<string, string>): string {
  const keys = Object.keys(entry).sort((a, b) => (a === "type" ? -1 : b === "type" ? 1 : 0));
  return keys.map((key) => csvField(`${key}=${entry[key] ?? ""}`)).join(",");
}

function csvField(field: string): string {
  return /[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

const keptNames = [
  "description",
  "dockerfile-inline",
  "ssh",
  "annotations",
  "entitlements",
  "network",
  "pull",
  "no-cache",
  "no-cache-filter",
  "shm-size",
  "ulimits",
] as const;

function keptAttributes(raw: BakePrintTarget): BakeKept {
  const kept: Record<string, unknown> = {};
  for (const name of keptNames) if (raw[name] !== undefined) kept[name] = name === "ssh" ? entries(raw.ssh) : raw[name];
  return kept;
}

function withoutNulls(record: Record<string, string | null> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}
