// --engine hadolint|both: run a real hadolint (a binary on PATH, else its image through the engine) with
// JSON output and read its findings back.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, relative, sep } from "node:path";
import { EngineError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import type { RawFinding } from "./engine.ts";
import type { ReportedLevel } from "./types.ts";

export type Engine = "native" | "hadolint" | "both";
export const engines: Engine[] = ["native", "hadolint", "both"];

/** The first `hadolint` on PATH that is a file we may execute (a stray non-executable file is passed over). */
export function hadolintPath(env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, "hadolint"))
    .find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function hadolintArgs(binary: string, files: string[], configFile: string | undefined): string[] {
  return [
    binary,
    "--no-fail",
    "--no-color",
    "--format",
    "json",
    "--failure-threshold",
    "none",
    ...(configFile ? ["--config", configFile] : []),
    ...files,
  ];
}

interface HadolintItem {
  file: string;
  line: number;
  column: number;
  code: string;
  level: string;
  message: string;
}

/** hadolint's JSON array → raw findings; file names are mapped back to what we display. */
export function parseHadolintJson(stdout: string, display: (file: string) => string): RawFinding[] {
  const items = JSON.parse(stdout.trim() === "" ? "[]" : stdout) as HadolintItem[];
  return items.map((item) => {
    const level: ReportedLevel =
      item.level === "error" || item.level === "warning" || item.level === "info" ? item.level : "style";
    return {
      file: display(item.file),
      line: item.line,
      column: item.column || 1,
      code: item.code,
      level,
      message: item.message,
      anchor: item.line,
    };
  });
}

/** The official image of the version we are compatible with; `mirrors:` maps it like any base image. */
export const hadolintImage = "hadolint/hadolint:v2.15.1";

/** The image to run: its mirror when images.config.yaml maps it (with or without `docker.io/`). */
export function hadolintImageRef(mirrors: Record<string, string>): string {
  return mirrors[hadolintImage] ?? mirrors[`docker.io/${hadolintImage}`] ?? hadolintImage;
}

/** `docker run` of the hadolint image over the workspace, mounted read-only; paths are workspace-relative. */
export function hadolintImageArgs(
  image: string,
  workspace: string,
  files: string[],
  configFile: string | undefined,
): string[] {
  const inside = (file: string): string => {
    const rel = relative(workspace, file);
    if (rel.startsWith("..") || isAbsolute(rel))
      throw new EngineError(
        `${file} is outside the workspace, which is all the hadolint container sees`,
        "Lint it with --workspace set to a folder that holds it, or install hadolint on PATH.",
      );
    return `/ws/${rel.split(sep).join("/")}`;
  };
  const args = hadolintArgs("hadolint", files.map(inside), configFile ? inside(configFile) : undefined);
  return ["docker", "run", "--rm", "--network", "none", "-v", `${workspace}:/ws:ro`, "-w", "/ws", image, ...args];
}

interface HadolintRun {
  env: NodeJS.ProcessEnv;
  exec: Exec;
  cwd: string;
  configFile: string | undefined;
  display: (file: string) => string;
  /** upstream → mirror (images.config.yaml `mirrors:`), for the image fallback. */
  mirrors: Record<string, string>;
}

/** A hadolint binary on PATH, or else the hadolint image through the engine. */
export async function runHadolint(files: string[], options: HadolintRun): Promise<RawFinding[]> {
  const binary = hadolintPath(options.env);
  const image = hadolintImageRef(options.mirrors);
  const argv = binary
    ? hadolintArgs(binary, files, options.configFile)
    : hadolintImageArgs(image, options.cwd, files, options.configFile);
  const result = await options.exec(argv, { cwd: options.cwd, check: false });
  if (result.exitCode !== 0 && result.stdout.trim() === "") {
    const hint = binary
      ? "Run hadolint by hand on one file to see what it needs."
      : `Install hadolint on PATH, or make ${image} available to the ` +
        `engine (map ${hadolintImage} under mirrors: in ` +
        `images.config.yaml).`;
    throw new EngineError(
      `hadolint failed (exit ${result.exitCode}): ${result.stderr.trim().split("\n").slice(-3).join(" ")}`,
      hint,
    );
  }
  const fromContainer = (file: string): string =>
    options.display(file.startsWith("/ws/") ? join(options.cwd, file.slice(4)) : file);
  return parseHadolintJson(result.stdout, binary ? options.display : fromContainer);
}

/** Native findings stay; a hadolint finding is added unless native already has its file, line and code. */
export function mergeFindings<T extends { file: string; line: number; code: string }>(native: T[], external: T[]): T[] {
  const key = (finding: T): string => `${finding.file}\u0000${finding.line}\u0000${finding.code}`;
  const seen = new Set(native.map(key));
  const extra = external.filter((finding) => {
    if (seen.has(key(finding))) return false;
    seen.add(key(finding));
    return true;
  });
  return [...native, ...extra];
}
