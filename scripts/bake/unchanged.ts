// --changed: a target whose image already carries this run's input hash is skipped.
import type { CommandContext } from "../cli/command.ts";
import { inputHashLabel } from "../plan/input-hash.ts";
import type { BakeDefinition } from "../types/bake.ts";

/**
 * A target is unchanged when an image of it already carries the same input hash: when loading, the
 * local image (bake's tag); when pushing, the registry's copy under the first computed tag.
 */
export async function findUnchanged(ctx: CommandContext, definition: BakeDefinition, requested: string[], hashes: Record<string, string>, pushTags: Record<string, string | undefined>): Promise<Record<string, string>> {
  // One inspection per target, side by side: each is a docker CLI start.
  const found = await Promise.all(
    requested.map(async (name) => {
      const remote = pushTags[name];
      const ref = remote ?? definition.targets[name]?.tags[0];
      const unchanged = ref !== undefined && (await imageInputHash(ctx, ref, remote !== undefined)) === hashes[name];
      return unchanged ? [[name, `unchanged: ${ref} already has input hash ${hashes[name]?.slice(0, 12)}`]] : [];
    }),
  );
  return Object.fromEntries(found.flat());
}

async function imageInputHash(ctx: CommandContext, ref: string, remote: boolean): Promise<string | undefined> {
  const argv = remote ? ["docker", "buildx", "imagetools", "inspect", "--format", "{{json .Image}}", ref] : ["docker", "image", "inspect", "--format", "{{json .Config.Labels}}", ref];
  const result = await ctx.exec(argv, { check: false });
  if (result.exitCode !== 0) return undefined;
  return inputHashOf(JSON.parse(result.stdout) as unknown, remote);
}

/** Pure: the label from `docker image inspect` labels, or from imagetools' image (one config, or one per platform). */
export function inputHashOf(data: unknown, remote: boolean): string | undefined {
  type Config = { config?: { Labels?: Record<string, string> | null } };
  if (!remote) return (data as Record<string, string> | null)?.[inputHashLabel];
  const configs: Config[] = (data as Config).config ? [data as Config] : Object.values((data ?? {}) as Record<string, Config>);
  return configs[0]?.config?.Labels?.[inputHashLabel] ?? undefined;
}

