import { describe, expect, test } from "vitest";
import { cleanupArgv, planSeed, type SeedOptions } from "../../../scripts/bases/plan.ts";
import { standIns } from "../../../scripts/bases/stand-ins.ts";

const options: SeedOptions = { registry: "127.0.0.1:5000/scratch", force: false, workDir: "/tmp/seed", privilege: [] };
const present = new Map([
  ["127.0.0.1:5000/scratch/library/debian:bookworm-slim", "sha256:aaa"],
  ["127.0.0.1:5000/scratch/library/python:3.12-slim-bookworm", "sha256:bbb"],
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
    expect(planSeed(standIns, present, { ...options, force: true }).every((action) => action.kind === "seed")).toBe(true);
  });

  test("debian: debootstrap, clean, tar, import with labels, push", () => {
    const [debian] = planSeed(standIns, new Map(), options);
    if (debian?.kind !== "seed") throw new Error("expected a seed action");
    const rootfs = "/tmp/seed/library-debian/rootfs";
    expect(debian.steps.map((step) => step.argv)).toEqual([
      ["debootstrap", "--variant=minbase", "bookworm", rootfs, "http://deb.debian.org/debian"],
      ["find", `${rootfs}/var/lib/apt/lists`, `${rootfs}/var/cache/apt`, `${rootfs}/usr/share/man`, `${rootfs}/usr/share/info`, "-type", "f", "-delete"],
      ["tar", "-C", rootfs, "--numeric-owner", "-cf", "/tmp/seed/library-debian/rootfs.tar", "."],
      [
        "docker", "import",
        "--change", 'CMD ["bash"]',
        "--change", 'LABEL org.opencontainers.image.title="debian:bookworm-slim (stand-in)"',
        "--change", `LABEL org.opencontainers.image.description="${standIns[0]?.description ?? ""}"`,
        "--change", 'LABEL org.opencontainers.image.source="https://deb.debian.org/debian"',
        "--change", 'LABEL org.opencontainers.image.vendor="Debian packages, assembled by pnpm images bases seed (not the official image)"',
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
    expect(build?.argv).toContain("org.opencontainers.image.base.name=127.0.0.1:5000/scratch/library/debian:bookworm-slim");
    expect(build?.argv.at(-1)).toBe("-");
    expect(build?.input?.split("\n")[0]).toBe("FROM 127.0.0.1:5000/scratch/library/debian:bookworm-slim");
  });

  test("not root: rootfs work goes through sudo, docker does not", () => {
    const [debian] = planSeed(standIns, new Map(), { ...options, privilege: ["sudo", "-n"] });
    if (debian?.kind !== "seed") throw new Error("expected a seed action");
    expect(debian.steps.map((step) => step.argv.slice(0, 3).join(" "))).toEqual(["sudo -n debootstrap", "sudo -n find", "sudo -n tar", "docker import --change", "docker push 127.0.0.1:5000/scratch/library/debian:bookworm-slim"]);
    expect(cleanupArgv({ ...options, privilege: ["sudo", "-n"] })).toEqual(["sudo", "-n", "rm", "-rf", "/tmp/seed"]);
  });
});

describe("selections (--only)", () => {
  const redis = standIns.filter((standIn) => standIn.upstream === "redis:7-bookworm");

  test("the base comes along and builds FROM the registry's debian, never Docker Hub", () => {
    const actions = planSeed(redis, new Map(), options);
    expect(actions.map((action) => `${action.kind} ${action.standIn.upstream}`)).toEqual(["seed debian:bookworm-slim", "seed redis:7-bookworm"]);
    const build = actions[1]?.kind === "seed" ? actions[1].steps[0] : undefined;
    expect(build?.input).toMatch(/^FROM 127\.0\.0\.1:5000\/scratch\/library\/debian:bookworm-slim\n/);
  });

  test("--force rebuilds only what was selected, not a base that exists", () => {
    const actions = planSeed(redis, new Map([...present, ["127.0.0.1:5000/scratch/library/redis:7-bookworm", "sha256:ccc"]]), { ...options, force: true });
    expect(actions.map((action) => `${action.kind} ${action.standIn.upstream}`)).toEqual(["skip debian:bookworm-slim", "seed redis:7-bookworm"]);
  });
});
