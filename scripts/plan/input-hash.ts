// Input hash per target, for affected-only builds: Dockerfile, the context files .dockerignore
// lets through, args, bake labels, base image digests and the dependencies' hashes.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, lstatSync, readdirSync, readlinkSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import type { BakeDefinition } from "../types/bake.ts";
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
    files: [...input.files].sort((a, b) => a.path.localeCompare(b.path)),
    args: sorted(input.args),
    labels: sorted(input.labels),
    bases: sorted(input.bases),
    dependencies: input.dependencies,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/** Edge: reads the files of every target in `order` (dependencies first). */
export function hashTargets(definition: BakeDefinition, order: readonly string[], bases: Record<string, string>): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of order) {
    const target = definition.targets[name];
    if (!target) continue;
    hashes[name] = hashInput({
      dockerfile: readFileSync(target.dockerfile, "utf8"),
      files: contextFiles(target.context, target.dockerfile).map((path) => ({
        path,
        sha256: contentHash(join(target.context, path)),
      })),
      args: target.args,
      labels: target.labels,
      bases,
      dependencies: dependenciesOf(target).map((dependency) => hashes[dependency] ?? dependency),
    });
  }
  return hashes;
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
