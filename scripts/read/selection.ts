// Reads the bake definition for a selection of targets: one `--print` for the default group plus the
// selection, and errors that name what is missing (an unknown target, or the group that asks for one).
import type { CommandContext } from "../cli/command.ts";
import type { ImagesConfig } from "../config/types.ts";
import { ConfigError } from "../errors/errors.ts";
import { expandSelection } from "../plan/graph.ts";
import type { BakeDefinition } from "../types/bake.ts";
import { loadBakeDefinition } from "./definition.ts";

/** One `--print` for the default group plus the selection; an unknown name lists the valid ones. */
export async function loadSelection(
  ctx: CommandContext,
  config: ImagesConfig,
  selection: string[],
): Promise<BakeDefinition> {
  const load = (targets: string[]): Promise<BakeDefinition> =>
    loadBakeDefinition({ workspace: ctx.workspace, bakeFile: config.bakeFile, exec: ctx.exec, env: ctx.env, targets });
  const wanted = selection.filter((name) => name !== "default");
  if (wanted.length === 0) return load([]);
  try {
    return await load(["default", ...wanted]);
  } catch (error) {
    const missing = error instanceof ConfigError ? /unknown target "([^"]+)"/.exec(error.message)?.[1] : undefined;
    if (missing === undefined) throw error;
    // Many bake files have no default group; the selection alone is then what there is to read.
    if (missing === "default") return load(wanted);
    if (!wanted.includes(missing)) {
      throw await groupNamesMissing(load, ["default", ...wanted], missing, error as ConfigError);
    }
    expandSelection(await load([]), selection);
    throw error;
  }
}

/** bake only says which target it cannot find; name the group(s) asking for it, too. */
async function groupNamesMissing(
  load: (targets: string[]) => Promise<BakeDefinition>,
  names: string[],
  missing: string,
  cause: ConfigError,
): Promise<ConfigError> {
  const failing: string[] = [];
  for (const name of names)
    if (
      await load([name]).then(
        () => false,
        () => true,
      )
    )
      failing.push(name);
  // "default" fails too when it includes the broken group; name it only when it is the one.
  const groups = failing.length > 1 ? failing.filter((name) => name !== "default") : failing;
  const by = groups.length ? ` named by group ${groups.map((name) => `"${name}"`).join(", ")}` : " named by a group";
  return new ConfigError(`unknown target "${missing}"${by}: the bake file defines no such target`, {
    ...(cause.file ? { file: cause.file } : {}),
    hint: "Define the target or remove it from the group; `docker buildx bake --print` lists what is defined.",
  });
}
