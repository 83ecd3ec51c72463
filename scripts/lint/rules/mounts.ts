// RUN --mount targets: a cache or tmpfs mount on a package manager's cache keeps it out of the layer,
// which hadolint counts like deleting it.
import type { Instruction } from "../dockerfile/model.ts";

/** Targets of `--mount=type=cache|tmpfs,target=…` (also `dst=`, `destination=`). */
export function throwawayMountTargets(instruction: Instruction): string[] {
  return instruction.flags
    .filter((flag) => flag.name === "mount" && flag.value !== null)
    .flatMap((flag) => {
      const options = new Map(
        (flag.value ?? "").split(",").map((part) => {
          const eq = part.indexOf("=");
          return [(eq === -1 ? part : part.slice(0, eq)).trim(), eq === -1 ? "" : part.slice(eq + 1).trim()] as const;
        }),
      );
      const target = options.get("target") ?? options.get("dst") ?? options.get("destination");
      const type = options.get("type");
      return (type === "cache" || type === "tmpfs") && target
        ? [target.replace(/^["']|["']$/g, "").replace(/\/+$/, "")]
        : [];
    });
}

/**
 * Whether a throwaway mount covers `path`: the path itself or a folder inside it. A relative path
 * (`.cache/pip`) matches under any home directory.
 */
export function mountCovers(instruction: Instruction, path: string): boolean {
  return throwawayMountTargets(instruction).some((target) => {
    if (path.startsWith("/")) return target === path || target.startsWith(`${path}/`);
    return target === path || target.endsWith(`/${path}`) || target.includes(`/${path}/`);
  });
}
