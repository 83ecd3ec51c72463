// Labels bake supplies. An image's labels are declared in the bake file (bake.hcl), not in LABEL
// lines, so the policy rule on required labels (IMG008) counts a label as present when every
// bake target that builds the Dockerfile sets it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config/load.ts";
import { formatError } from "../errors/errors.ts";
import type { Exec } from "../process/exec.ts";
import { loadBakeDefinition } from "../read/definition.ts";
import type { BakeDefinition } from "../types/bake.ts";

export type BakeLabels = Record<string, string[]>;

/** Pure: Dockerfile → the label keys set by every target that builds it (an inline Dockerfile has no file). */
export function bakeLabelsByDockerfile(definition: BakeDefinition): BakeLabels {
  const byFile = new Map<string, string[][]>();
  for (const target of Object.values(definition.targets)) {
    if (target.kept["dockerfile-inline"] !== undefined) continue;
    byFile.set(target.dockerfile, [...(byFile.get(target.dockerfile) ?? []), Object.keys(target.labels)]);
  }
  const common = (sets: string[][]): string[] =>
    (sets[0] ?? []).filter((key) => sets.every((set) => set.includes(key))).sort();
  return Object.fromEntries([...byFile].map(([file, sets]) => [file, common(sets)]));
}

export interface ReadBakeLabels {
  labels: BakeLabels;
  /** Set when the bake file could not be read: IMG008 then counts the Dockerfiles' LABELs only. */
  note?: string;
}

/** The workspace's bake file through `bake --print` (default group); none there, no labels. */
export async function readBakeLabels(options: {
  workspace: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
}): Promise<ReadBakeLabels> {
  try {
    const { bakeFile } = loadConfig(options.workspace, options.env);
    if (!existsSync(join(options.workspace, bakeFile))) return { labels: {} };
    const { workspace, exec, env } = options;
    const definition = await loadBakeDefinition({ workspace, bakeFile, exec, env });
    return { labels: bakeLabelsByDockerfile(definition) };
  } catch (error) {
    const reason = (formatError(error).message.split("\n")[0] ?? "").replace(/^error: /, "");
    const note = `note: the bake file's labels are unknown (${reason}), so IMG008 counted LABEL lines only.`;
    return { labels: {}, note };
  }
}
