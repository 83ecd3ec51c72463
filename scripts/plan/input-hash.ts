// Input hash per target, for affected-only builds: Dockerfile, the context files .dockerignore
// lets through, args, bake labels, base image digests and the dependencies' hashes.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, lstatSync, readdirSync, readlinkSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { MissingInputError, type MissingInput } from "../errors/errors.ts";
import type { BakeDefinition, BakeTarget } from "../types/bake.ts";
import { isRemoteContext } from "../read/definition.ts";
import { dependenciesOf } from "./graph.ts";
import { ignoreFileFor, isIncluded, parseDockerignore } from "./dockerignore.ts";

export const inputHashLabel = "dev.images.input-hash";

export interface HashInput {
  dockerfile: string;
  files: { path: string; sha256: string }[];
  args: Record<string, string>;
  labels: Record<string, string>;
  bases: Record<string, string>;
  dependencies: string[];
}

/** Pure: the same input always gives the same hash, whatever the key order. */
export function hashInput(input: HashInput): string {
  const canonical = JSON.stringify({
    dockerfile: input.dockerfile,
    files: [...input.files].sort((a, b) => byLocale(a.path, b.path)),
    args: sorted(input.args),
    labels: sorted(input.labels),
    bases: sorted(input.bases),
    dependencies: input.dependencies,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * localeCompare's order (hashes depend on it) from one collator: localeCompare looks its collator up
 * again on each call, ~10 ms over a workspace's files here. Made on first use (that costs ~10 ms too,
 * which a command that hashes nothing need not pay at start).
 */
let collator: Intl.Collator | undefined;
function byLocale(a: string, b: string): number {
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => byLocale(a, b));
}

/** Edge: reads the files of every target in `order` (dependencies first). */
export function hashTargets(
  definition: BakeDefinition,
  order: readonly string[],
  bases: Record<string, string>,
): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of order) {
    const target = definition.targets[name];
    if (!target) continue;
    hashes[name] = hashInput({
      dockerfile: dockerfileText(target),
      files: hashedFiles(target),
      args: target.args,
      labels: target.labels,
      bases,
      dependencies: dependenciesOf(target).map((dependency) => hashes[dependency] ?? dependency),
    });
  }
  return hashes;
}

/** An inline Dockerfile is its own text; a remote context's Dockerfile is not here, so its name stands in. */
function dockerfileText(target: BakeTarget): string {
  const inline = target.kept["dockerfile-inline"];
  if (inline !== undefined) return inline;
  if (isRemoteContext(target.context)) return `${target.context} ${target.dockerfile}`;
  return readFileSync(target.dockerfile, "utf8");
}

/** A remote context is hashed by its URL: its files are not here to read. */
function hashedFiles(target: BakeTarget): HashInput["files"] {
  if (isRemoteContext(target.context)) return [{ path: target.context, sha256: "remote" }];
  return contextFiles(target.context, target.dockerfile).map((path) => ({
    path,
    sha256: contentHash(join(target.context, path)),
  }));
}

/** Edge: every target's context folder and Dockerfile exist, or one error naming each that does not. */
export function requireInputs(
  definition: BakeDefinition,
  order: readonly string[],
  workspace: string,
  bakeFile?: string,
): void {
  const shown = (path: string): string => relative(workspace, path) || ".";
  const problems = order.flatMap((name): MissingInput[] => {
    const target = definition.targets[name];
    if (!target || isRemoteContext(target.context)) return [];
    if (!isDirectory(target.context)) return [{ target: name, what: "build context", path: shown(target.context) }];
    const inline = target.kept["dockerfile-inline"] !== undefined;
    if (inline || existsSync(target.dockerfile)) return [];
    return [{ target: name, what: "Dockerfile", path: shown(target.dockerfile) }];
  });
  if (problems.length) throw new MissingInputError(problems, bakeFile);
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Context-relative paths of the files (and symlinks) the builder is sent, as .dockerignore decides. */
export function contextFiles(context: string, dockerfile = join(context, "Dockerfile")): string[] {
  const read = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, "utf8") : undefined);
  const ignore = ignoreFileFor(context, dockerfile, read);
  const patterns = ignore ? parseDockerignore(ignore.text, ignore.file) : [];
  const entries = readdirSync(context, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(context, pathOf(entry)).split(sep).join("/"))
    .filter((path) => isIncluded(path, patterns))
    .sort();
}

function pathOf(entry: Dirent): string {
  return join(entry.parentPath, entry.name);
}

/** A symlink counts by where it points (the builder sends the link, not its target). */
function contentHash(path: string): string {
  const link = lstatSync(path).isSymbolicLink();
  return sha256(link ? Buffer.from(`symlink:${readlinkSync(path)}`) : readFileSync(path));
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
