// What `--changed` may skip. An image carries its input hash as a label from the moment bake
// tags it, before its smoke spec has run, so the label alone would turn a failed build green.
// A target counts as built for a hash only once the build finished: its spec passed, it had none,
// or smoke was off by request. That verdict is kept per workspace (versioned JSON) with the
// image's ID, and written only then. A pushed image needs no record: nothing is pushed before smoke.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CommandContext } from "../cli/command.ts";
import { inputHashLabel } from "../plan/input-hash.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { inspectLocal } from "./local-image.ts";

export type SmokeVerdict = "passed" | "no spec" | "off";

export interface BuiltTarget {
  inputHash: string;
  imageId: string;
  smoke: SmokeVerdict;
}

export interface BuiltRecord {
  schemaVersion: 1;
  targets: Record<string, BuiltTarget>;
}

export function builtRecordFile(workspace: string): string {
  return join(workspace, ".cache", "built-images.json");
}

/** A missing, unreadable or foreign file is an empty record: the worst case is a rebuild. */
export function readBuiltRecord(file: string): BuiltRecord {
  const empty: BuiltRecord = { schemaVersion: 1, targets: {} };
  if (!existsSync(file)) return empty;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Partial<BuiltRecord>;
    return data.schemaVersion === 1 && typeof data.targets === "object" && data.targets
      ? { schemaVersion: 1, targets: data.targets }
      : empty;
  } catch {
    return empty;
  }
}

export function writeBuiltRecord(file: string, record: BuiltRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: an interrupted write never leaves half a record behind.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Pure: the record after a build; `built` targets replace their entries, `failed` ones lose them. */
export function updateBuiltRecord(
  record: BuiltRecord,
  built: Record<string, BuiltTarget>,
  failed: readonly string[] = [],
): BuiltRecord {
  const targets = Object.fromEntries(
    Object.entries({ ...record.targets, ...built }).filter(([name]) => !failed.includes(name)),
  );
  return { schemaVersion: 1, targets };
}

/** Pure: is this local image the one a finished build recorded for this hash? */
export function isRecordedBuilt(
  record: BuiltRecord,
  target: string,
  hash: string | undefined,
  image: { id: string; labels: Record<string, string> | null },
): boolean {
  const entry = record.targets[target];
  return (
    hash !== undefined &&
    image.labels?.[inputHashLabel] === hash &&
    entry?.inputHash === hash &&
    entry.imageId === image.id
  );
}

/**
 * A target is unchanged when a finished build already produced its input hash: when loading, the
 * local image (bake's tag) as recorded; when pushing, the registry's copy under the first computed tag.
 */
export async function findUnchanged(
  ctx: CommandContext,
  definition: BakeDefinition,
  requested: string[],
  hashes: Record<string, string>,
  pushTags: Record<string, string | undefined>,
): Promise<Record<string, string>> {
  const record = readBuiltRecord(builtRecordFile(ctx.workspace));
  // One read per target, side by side (each is a registry or engine round trip).
  const verdicts = await Promise.all(
    requested.map(async (name) => {
      const remote = pushTags[name];
      const ref = remote ?? definition.targets[name]?.tags[0];
      if (!ref) return undefined;
      const same = remote
        ? (await remoteInputHash(ctx, ref)) === hashes[name]
        : await locallyBuilt(ctx, record, name, ref, hashes[name]);
      return same
        ? ([name, `unchanged: ${ref} already has input hash ${hashes[name]?.slice(0, 12)}`] as const)
        : undefined;
    }),
  );
  return Object.fromEntries(verdicts.filter((verdict) => verdict !== undefined));
}

async function locallyBuilt(
  ctx: CommandContext,
  record: BuiltRecord,
  target: string,
  ref: string,
  hash: string | undefined,
): Promise<boolean> {
  const [image] = (await inspectLocal(ctx, [ref])) ?? [];
  return image !== undefined && isRecordedBuilt(record, target, hash, image);
}

async function remoteInputHash(ctx: CommandContext, ref: string): Promise<string | undefined> {
  const result = await ctx.exec(["docker", "buildx", "imagetools", "inspect", "--format", "{{json .Image}}", ref], {
    check: false,
  });
  if (result.exitCode !== 0) return undefined;
  return inputHashOf(JSON.parse(result.stdout) as unknown, true);
}

/** Pure: the label from `docker image inspect` labels, or from imagetools' image (one config, or one per platform). */
export function inputHashOf(data: unknown, remote: boolean): string | undefined {
  type Config = { config?: { Labels?: Record<string, string> | null } };
  if (!remote) return (data as Record<string, string> | null)?.[inputHashLabel];
  const configs: Config[] = (data as Config).config
    ? [data as Config]
    : Object.values((data ?? {}) as Record<string, Config>);
  return configs[0]?.config?.Labels?.[inputHashLabel] ?? undefined;
}

/** The image ID under each target's ref (one inspect of them all); undefined if one is missing. */
export async function builtImageIds(
  ctx: CommandContext,
  refs: Record<string, string>,
): Promise<Record<string, string> | undefined> {
  const names = Object.keys(refs);
  if (names.length === 0) return {};
  const images = await inspectLocal(
    ctx,
    names.map((name) => refs[name] ?? name),
  );
  return images && Object.fromEntries(names.map((name, i) => [name, images[i]?.id ?? ""]));
}

/** After a finished local build: the image IDs of the targets that count as built. */
export function recordBuilt(
  workspace: string,
  ids: Record<string, string>,
  hashes: Record<string, string>,
  verdicts: Record<string, SmokeVerdict>,
): void {
  const names = Object.keys(ids).filter((name) => hashes[name] !== undefined);
  if (names.length === 0) return;
  const built = Object.fromEntries(
    names.map((name) => [
      name,
      { inputHash: hashes[name] ?? "", imageId: ids[name] ?? "", smoke: verdicts[name] ?? "off" },
    ]),
  );
  const file = builtRecordFile(workspace);
  writeBuiltRecord(file, updateBuiltRecord(readBuiltRecord(file), built));
}

/** After a failed smoke run: those targets no longer count as built for any hash. */
export function forgetBuilt(workspace: string, targets: readonly string[]): void {
  const file = builtRecordFile(workspace);
  if (existsSync(file)) writeBuiltRecord(file, updateBuiltRecord(readBuiltRecord(file), {}, targets));
}
