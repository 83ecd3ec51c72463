// Finding the Dockerfiles to lint: explicit paths, or every Dockerfile under the workspace.
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors/errors.ts";

const skippedDirs = new Set(["node_modules", ".git", ".cache"]);
// Test fixtures: the linter's broken-on-purpose files, and fixture workspaces that carry their own
// .hadolint.yaml (lint them with --workspace, as their builds do).
const skippedPaths = [join("test", "fixtures")];

export function isDockerfileName(name: string): boolean {
  return name === "Dockerfile" || name.endsWith(".Dockerfile") || name.startsWith("Dockerfile.");
}

/** Every Dockerfile under `root`, sorted; `skipFixtures` leaves test fixtures out. */
export function findDockerfiles(root: string, skipFixtures = true): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const rel = relative(root, path);
        if (
          !skippedDirs.has(entry.name) &&
          !(skipFixtures && skippedPaths.some((skip) => rel === skip || rel.startsWith(`${skip}${sep}`)))
        )
          walk(path);
      } else if (entry.isFile() && isDockerfileName(entry.name)) found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/** Positional paths → files. A missing path or a folder without Dockerfiles is a usage error. */
export function resolveTargets(paths: string[], base: string, workspace: string): string[] {
  if (paths.length === 0) return findDockerfiles(workspace);
  return paths.flatMap((path) => {
    const absolute = resolve(base, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${path}`, "Pass Dockerfiles or folders that contain them.");
    }
    if (!stats.isDirectory()) return [absolute];
    const files = findDockerfiles(absolute, false);
    if (files.length === 0)
      throw new UsageError(
        `no Dockerfiles in ${path}`,
        "Dockerfiles are named Dockerfile, *.Dockerfile or Dockerfile.*.",
      );
    return files;
  });
}

/** Paths in reports are relative to the workspace when the file lives inside it. */
export function displayPath(file: string, workspace: string): string {
  const rel = relative(workspace, file);
  return rel.startsWith("..") || rel === "" ? file : rel;
}
