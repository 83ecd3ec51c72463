// Reads the bake definition through `docker buildx bake --print` (never our own HCL parser)
// and normalises it. `--print` needs no engine, only the buildx plugin.
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError, EngineError, ImagesError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import type { BakeDefinition, BakePrint, BakePrintTarget, BakeTarget } from "../types/bake.ts";

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
  const message = stderr.split("\n").find((line) => line.startsWith("ERROR:"))?.replace(/^ERROR:\s*/, "") ?? stderr.trim();
  if (/unknown command|is not a docker command|buildx/.test(message) && !/target|definition/.test(message)) {
    return new EngineError(`docker buildx is not available: ${message}`);
  }
  const unknown = /failed to find target (\S+)/.exec(message);
  if (unknown) return new ConfigError(`unknown target "${unknown[1] ?? ""}"`, { file, hint: "Run `pnpm images plan` to list the targets." });
  return new ConfigError(`bake definition is invalid: ${message}`, { file, hint: "Fix the bake file; `docker buildx bake --print` shows the same error." });
}

/** Pure: `--print` JSON text → normalised definition. */
export function parseBakePrint(json: string, workspace: string, bakeFile = "bake.hcl"): BakeDefinition {
  let raw: BakePrint;
  try {
    raw = JSON.parse(json) as BakePrint;
  } catch {
    throw new ConfigError("`docker buildx bake --print` did not return JSON", { file: bakeFile });
  }
  const targets = Object.fromEntries(Object.entries(raw.target ?? {}).map(([name, target]) => [name, normaliseTarget(name, target, workspace)]));
  const groups = Object.fromEntries(Object.entries(raw.group ?? {}).map(([name, group]) => [name, group.targets ?? []]));
  return { groups, targets };
}

function normaliseTarget(name: string, raw: BakePrintTarget, workspace: string): BakeTarget {
  const context = resolve(workspace, raw.context ?? ".");
  const dockerfile = raw.dockerfile ?? "Dockerfile";
  return {
    name,
    context,
    dockerfile: isAbsolute(dockerfile) ? dockerfile : resolve(context, dockerfile),
    tags: raw.tags ?? [],
    args: withoutNulls(raw.args),
    labels: withoutNulls(raw.labels),
    contexts: raw.contexts ?? {},
    platforms: raw.platforms ?? [],
    ...(raw.target ? { target: raw.target } : {}),
    secrets: raw.secret ?? [],
  };
}

function withoutNulls(record: Record<string, string | null> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== null));
}
