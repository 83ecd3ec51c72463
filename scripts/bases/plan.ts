// Pure seeding planner: the stand-in table + what the registry already has → per image, skip or argv steps.
import { join } from "node:path";
import { standInDockerfile } from "./dockerfile.ts";
import { importChanges, labelArgs, standInLabels } from "./labels.ts";
import { findStandIn, mirrorReference, standIns, type StandIn } from "./stand-ins.ts";

export interface SeedOptions {
  /** HOST:PORT[/NS] the stand-ins are pushed to (and built from). */
  registry: string;
  force: boolean;
  /** Scratch folder for rootfs and tarballs; removed afterwards. */
  workDir: string;
  /** [] as root, ["sudo", "-n"] otherwise: debootstrap and the rootfs need root. */
  privilege: string[];
}

export interface SeedStep {
  argv: string[];
  /** Stdin, e.g. the Dockerfile for `docker buildx build -`. */
  input?: string;
}

export type SeedAction =
  | { kind: "skip"; standIn: StandIn; ref: string; digest: string }
  | { kind: "seed"; standIn: StandIn; ref: string; steps: SeedStep[] };

/**
 * `existing` maps a mirror reference to its digest for the tags the registry already has.
 * The bases of the selected stand-ins come along (seeded only when missing: --force never rebuilds
 * a base nobody selected).
 */
export function planSeed(selection: readonly StandIn[], existing: ReadonlyMap<string, string>, options: SeedOptions, table: readonly StandIn[] = standIns): SeedAction[] {
  return orderByBase(withBases(selection, table)).map((standIn): SeedAction => {
    const ref = mirrorReference(standIn, options.registry);
    const digest = existing.get(ref);
    const forced = options.force && selection.includes(standIn);
    if (digest !== undefined && !forced) return { kind: "skip", standIn, ref, digest };
    return { kind: "seed", standIn, ref, steps: seedSteps(standIn, table, options) };
  });
}

/** Every stand-in the selection needs, bases included (the table is one level deep). */
export function withBases(selection: readonly StandIn[], table: readonly StandIn[] = standIns): StandIn[] {
  const bases = selection.flatMap((standIn) => (standIn.recipe.kind === "dockerfile" ? [baseOf(standIn.recipe.from, table)] : []));
  return table.filter((standIn) => selection.includes(standIn) || bases.includes(standIn));
}

export function cleanupArgv(options: SeedOptions): string[] {
  return [...options.privilege, "rm", "-rf", options.workDir];
}

function seedSteps(standIn: StandIn, table: readonly StandIn[], options: SeedOptions): SeedStep[] {
  const ref = mirrorReference(standIn, options.registry);
  const recipe = standIn.recipe;
  if (recipe.kind === "debootstrap") {
    const dir = join(options.workDir, standIn.repository.replace(/\//g, "-"));
    const rootfs = join(dir, "rootfs");
    const tarball = join(dir, "rootfs.tar");
    const priv = options.privilege;
    // Lists and caches go (size); /etc/apt/sources.list stays so `apt-get update` works in builds.
    const clean = ["var/lib/apt/lists", "var/cache/apt", "usr/share/man", "usr/share/info"].map((path) => join(rootfs, path));
    return [
      { argv: [...priv, "debootstrap", `--variant=${recipe.variant}`, recipe.suite, rootfs, recipe.mirror] },
      { argv: [...priv, "find", ...clean, "-type", "f", "-delete"] },
      { argv: [...priv, "tar", "-C", rootfs, "--numeric-owner", "-cf", tarball, "."] },
      { argv: ["docker", "import", ...importChanges(standInLabels(standIn), recipe.cmd).flatMap((change) => ["--change", change]), tarball, ref] },
      { argv: ["docker", "push", ref] },
    ];
  }
  const baseRef = mirrorReference(baseOf(recipe.from, table), options.registry);
  return [
    {
      argv: ["docker", "buildx", "build", "--pull", "--push", "--provenance=false", "--tag", ref, ...labelArgs(standInLabels(standIn, baseRef)), "-"],
      input: standInDockerfile(recipe, baseRef),
    },
  ];
}

function baseOf(upstream: string, table: readonly StandIn[]): StandIn {
  const base = findStandIn(upstream, table);
  // A table bug, not user input: every base must itself be a stand-in, or builds would reach Docker Hub.
  if (!base) throw new Error(`stand-in table: no stand-in for base ${upstream}`);
  return base;
}

/** Bases before the images built on them, otherwise table order. */
function orderByBase(table: readonly StandIn[]): StandIn[] {
  const roots = table.filter((standIn) => standIn.recipe.kind === "debootstrap");
  return [...roots, ...table.filter((standIn) => standIn.recipe.kind !== "debootstrap")];
}
