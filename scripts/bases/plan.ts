// Pure seeding planner: the stand-in table + what the registry already has → per image, skip or argv steps.
import { join } from "node:path";
import { UsageError } from "../errors/errors.ts";
import { samePlatform } from "../plan/platforms.ts";
import { nodeDistCommon, nodeDistDockerfile, standInDockerfile } from "./dockerfile.ts";
import { importChanges, labelArgs, standInLabels } from "./labels.ts";
import { findStandIn, mirrorReference, standIns, type RecipeOf, type StandIn } from "./stand-ins.ts";

export interface SeedOptions {
  /** HOST:PORT[/NS] the stand-ins are pushed to (and built from). */
  registry: string;
  force: boolean;
  /** Scratch folder for rootfs and tarballs; removed afterwards. */
  workDir: string;
  /** [] as root, ["sudo", "-n"] otherwise: debootstrap and the rootfs need root. */
  privilege: string[];
  /** What a stand-in must hold: this machine's platform, or more (foreign ones through QEMU). */
  platformsFor: (standIn: StandIn) => string[];
  nativePlatform: string;
  /** mmdebstrap when installed (apt-based, several times faster), else debootstrap. */
  rootfsTool: RootfsTool;
}

export type RootfsTool = "debootstrap" | "mmdebstrap";

/** A stand-in the registry already has: its digest and the platforms it holds. */
export interface Existing {
  digest: string;
  platforms: string[];
}

export interface SeedStep {
  argv: string[];
  /** Stdin, e.g. the Dockerfile for `docker buildx build -`. */
  input?: string;
}

/**
 * `prepare` needs neither the engine nor another stand-in (host files from npm packages), so it
 * can run while earlier stand-ins build; `steps` run in order, after it.
 */
export interface SeedSteps {
  prepare: SeedStep[];
  steps: SeedStep[];
}

export type SeedAction =
  | { kind: "skip"; standIn: StandIn; ref: string; digest: string }
  | ({ kind: "seed"; standIn: StandIn; ref: string } & SeedSteps);

/**
 * `existing` maps a mirror reference to what the registry already has under it. A stand-in that
 * lacks a requested platform counts as missing. The bases of the selected stand-ins come along
 * (seeded only when missing: --force never rebuilds a base nobody selected).
 */
export function planSeed(
  selection: readonly StandIn[],
  existing: ReadonlyMap<string, Existing>,
  options: SeedOptions,
  table: readonly StandIn[] = standIns,
): SeedAction[] {
  return orderByBase(withBases(selection, table)).map((standIn): SeedAction => {
    const ref = mirrorReference(standIn, options.registry);
    const found = existing.get(ref);
    const complete =
      found !== undefined &&
      options.platformsFor(standIn).every((platform) => found.platforms.some((have) => samePlatform(have, platform)));
    const forced = options.force && selection.includes(standIn);
    if (found && complete && !forced) return { kind: "skip", standIn, ref, digest: found.digest };
    return { kind: "seed", standIn, ref, ...seedSteps(standIn, table, options) };
  });
}

/** Every stand-in the selection needs, bases included (the table is one level deep). */
export function withBases(selection: readonly StandIn[], table: readonly StandIn[] = standIns): StandIn[] {
  const bases = selection.flatMap((standIn) =>
    standIn.recipe.kind === "debootstrap" ? [] : [baseOf(standIn.recipe.from, table)],
  );
  return table.filter((standIn) => selection.includes(standIn) || bases.includes(standIn));
}

export function cleanupArgv(options: SeedOptions): string[] {
  return [...options.privilege, "rm", "-rf", options.workDir];
}

function seedSteps(standIn: StandIn, table: readonly StandIn[], options: SeedOptions): SeedSteps {
  const ref = mirrorReference(standIn, options.registry);
  const recipe = standIn.recipe;
  const platforms = options.platformsFor(standIn);
  const nativeOnly =
    platforms.length === 1 && platforms.every((platform) => samePlatform(platform, options.nativePlatform));
  if (recipe.kind === "debootstrap") {
    const dir = join(options.workDir, standIn.repository.replace(/\//g, "-"));
    const rootfs = (into: string, arch: string | undefined): SeedStep[] => rootfsSteps(recipe, into, options, arch);
    if (nativeOnly)
      return {
        prepare: [],
        steps: [
          ...rootfs(dir, undefined),
          importStep(standIn, join(dir, "rootfs.tar"), ref),
          { argv: ["docker", "push", ref] },
        ],
      };
    // One rootfs per platform (foreign ones run debootstrap's second stage under QEMU), each
    // pushed under its own tag, then one index over them under the stand-in's tag.
    const perPlatform = platforms.map((platform) => ({
      platform,
      arch: debianArch(platform),
      ref: `${ref}-${platform.split("/").slice(1).join("-")}`,
    }));
    const index = ["docker", "buildx", "imagetools", "create", "--tag", ref, ...perPlatform.map((entry) => entry.ref)];
    return {
      prepare: [],
      steps: [
        ...perPlatform.flatMap(({ platform, arch, ref: archRef }) => {
          const archDir = join(dir, arch);
          return [
            ...rootfs(archDir, arch),
            importStep(standIn, join(archDir, "rootfs.tar"), archRef, platform),
            { argv: ["docker", "push", archRef] },
          ];
        }),
        { argv: index },
      ],
    };
  }
  const baseRef = mirrorReference(baseOf(recipe.from, table), options.registry);
  const build = (context: string, dockerfile: string): SeedStep => ({
    argv: [
      ...["docker", "buildx", "build", "--pull", "--push", "--provenance=false"],
      ...(nativeOnly ? [] : ["--platform", platforms.join(",")]),
      ...["--tag", ref, ...labelArgs(standInLabels(standIn, baseRef))],
      ...(context === "-" ? ["-"] : ["--file", "-", context]),
    ],
    input: dockerfile,
  });
  if (recipe.kind === "dockerfile") return { prepare: [], steps: [build("-", standInDockerfile(recipe, baseRef))] };
  const context = join(options.workDir, standIn.repository.replace(/\//g, "-"));
  return {
    prepare: nodeDistLayout(recipe, platforms, context),
    steps: [build(context, nodeDistDockerfile(recipe, baseRef))],
  };
}

type NodeDistRecipe = RecipeOf<"node-dist">;

/**
 * The real image's /usr/local and /opt, laid out on the host from npm registry packages: the node binary
 * and headers per platform under <context>/<TARGETARCH>, npm, corepack and yarn once under <context>/common.
 */
function nodeDistLayout(recipe: NodeDistRecipe, platforms: readonly string[], context: string): SeedStep[] {
  const packs = join(context, "packs");
  const local = join(context, nodeDistCommon, "usr/local");
  const modules = join(local, "lib/node_modules");
  const yarn = join(context, nodeDistCommon, `opt/yarn-v${recipe.yarn}`);
  const arches = platforms.map((platform) => ({
    dir: join(context, platform.split("/")[1] ?? ""),
    pkg: `node-linux-${nodeArch(platform)}`,
  }));
  const unpack = (name: string, version: string, into: string, ...members: string[]): SeedStep => ({
    argv: ["tar", "-xzf", join(packs, `${name}-${version}.tgz`), "-C", into, "--strip-components=1", ...members],
  });
  const link = (target: string, name: string): SeedStep => ({ argv: ["ln", "-s", target, join(local, "bin", name)] });
  const dirs = [
    packs,
    join(modules, "npm"),
    join(modules, "corepack"),
    yarn,
    join(local, "bin"),
    ...arches.map((arch) => join(arch.dir, "usr/local")),
  ];
  const specs = [
    ...arches.map((arch) => `${arch.pkg}@${recipe.node}`),
    `npm@${recipe.npm}`,
    `corepack@${recipe.corepack}`,
    `yarn@${recipe.yarn}`,
  ];
  return [
    { argv: ["mkdir", "-p", ...dirs] },
    { argv: ["npm", "pack", "--silent", "--pack-destination", packs, ...specs] },
    ...arches.map((arch) =>
      unpack(arch.pkg, recipe.node, join(arch.dir, "usr/local"), "package/bin", "package/include"),
    ),
    unpack("npm", recipe.npm, join(modules, "npm")),
    unpack("corepack", recipe.corepack, join(modules, "corepack")),
    unpack("yarn", recipe.yarn, yarn),
    link("../lib/node_modules/npm/bin/npm-cli.js", "npm"),
    link("../lib/node_modules/npm/bin/npx-cli.js", "npx"),
    link("../lib/node_modules/corepack/dist/corepack.js", "corepack"),
    link(`/opt/yarn-v${recipe.yarn}/bin/yarn`, "yarn"),
    link(`/opt/yarn-v${recipe.yarn}/bin/yarnpkg`, "yarnpkg"),
  ];
}

/** Node.js's architecture names (its dist and node-linux-* packages) for buildx platforms. */
const nodeArchitectures: Record<string, string> = {
  "linux/amd64": "x64",
  "linux/arm64": "arm64",
  "linux/arm/v7": "armv7l",
  "linux/ppc64le": "ppc64le",
  "linux/s390x": "s390x",
};

export function nodeArch(platform: string): string {
  const arch = nodeArchitectures[platform];
  if (!arch)
    throw new UsageError(
      `no Node.js binaries for platform ${platform}`,
      `The node stand-in can be built for ${Object.keys(nodeArchitectures).join(", ")}.`,
    );
  return arch;
}

type DebootstrapRecipe = RecipeOf<"debootstrap">;

/**
 * debootstrap (or mmdebstrap: same variant, same suite and mirror), drop lists, caches and docs
 * (sources.list stays so `apt-get update` works), write the slim image's settings, tar.
 */
function rootfsSteps(
  recipe: DebootstrapRecipe,
  dir: string,
  options: SeedOptions,
  arch: string | undefined,
): SeedStep[] {
  const priv = options.privilege;
  const rootfs = join(dir, "rootfs");
  const clean = ["var/lib/apt/lists", "var/cache/apt", "usr/share/man", "usr/share/info", "usr/share/locale"].map(
    (path) => join(rootfs, path),
  );
  const write = Object.entries(recipe.files).map(([path, content]): SeedStep => ({
    argv: [...priv, "dd", `of=${join(rootfs, path)}`, "status=none"],
    input: content,
  }));
  const tool =
    options.rootfsTool === "mmdebstrap"
      ? ["mmdebstrap", "--mode=root", ...(arch ? [`--architectures=${arch}`] : []), unsafeIoHook]
      : ["debootstrap", ...(arch ? [`--arch=${arch}`] : [])];
  // mmdebstrap, unlike debootstrap, wants the target's parent folder to exist.
  const parent: SeedStep[] = options.rootfsTool === "mmdebstrap" ? [{ argv: [...priv, "mkdir", "-p", dir] }] : [];
  return [
    ...parent,
    { argv: [...priv, ...tool, `--variant=${recipe.variant}`, recipe.suite, rootfs, recipe.mirror] },
    { argv: [...priv, "find", ...clean, "-type", "f", "-delete"] },
    ...write,
    { argv: [...priv, "tar", "-C", rootfs, "--numeric-owner", "-cf", join(dir, "rootfs.tar"), "."] },
  ];
}

/**
 * The slim image's own dpkg setting (written again with the recipe's files), in place before dpkg
 * runs: no fsync per unpacked file, which halves mmdebstrap's time here (25 s against 41 s under load).
 */
const unsafeIoHook =
  '--setup-hook=mkdir -p "$1/etc/dpkg/dpkg.cfg.d" && ' +
  'echo force-unsafe-io > "$1/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"';

function importStep(standIn: StandIn, tarball: string, ref: string, platform?: string): SeedStep {
  const recipe = standIn.recipe as DebootstrapRecipe;
  const changes = importChanges(standInLabels(standIn), recipe.cmd).flatMap((change) => ["--change", change]);
  return { argv: ["docker", "import", ...(platform ? ["--platform", platform] : []), ...changes, tarball, ref] };
}

/**
 * Pure: the platforms a stand-in is seeded for. `--platform` when given (QEMU is then required);
 * otherwise the table's, less the foreign ones this machine cannot emulate, else the native one.
 */
export function seedPlatforms(
  standIn: StandIn,
  explicit: string[] | undefined,
  nativePlatform: string,
  emulated: (platform: string) => boolean,
): string[] {
  if (explicit?.length) return explicit;
  const wanted = (standIn.platforms ?? [nativePlatform]).filter(
    (platform) => samePlatform(platform, nativePlatform) || emulated(platform),
  );
  return wanted.some((platform) => samePlatform(platform, nativePlatform)) ? wanted : [nativePlatform, ...wanted];
}

/** Debian's architecture names for buildx platforms. */
const debianArchitectures: Record<string, string> = {
  "linux/amd64": "amd64",
  "linux/arm64": "arm64",
  "linux/arm/v7": "armhf",
  "linux/386": "i386",
  "linux/ppc64le": "ppc64el",
  "linux/s390x": "s390x",
  "linux/riscv64": "riscv64",
};

export function debianArch(platform: string): string {
  const arch = debianArchitectures[platform] ?? debianArchitectures[platform.split("/").slice(0, 2).join("/")];
  if (!arch)
    throw new UsageError(
      `no Debian architecture for platform ${platform}`,
      `Stand-ins can be built for ${Object.keys(debianArchitectures).join(", ")}.`,
    );
  return arch;
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
