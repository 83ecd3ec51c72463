import { describe, expect, test } from "vitest";
import { standInDockerfile } from "../../../scripts/bases/dockerfile.ts";
import { findStandIn, mirrorReference, standInMirrors, standIns } from "../../../scripts/bases/stand-ins.ts";

const base = "127.0.0.1:5000/library/debian:bookworm-slim";

function recipeOf(upstream: string) {
  const recipe = findStandIn(upstream)?.recipe;
  if (recipe?.kind !== "dockerfile") throw new Error(`${upstream} is not built from a Dockerfile`);
  return recipe;
}

describe("stand-in Dockerfiles", () => {
  test("python: apt packages, python symlink, pip allowed system-wide like the real image", () => {
    expect(standInDockerfile(recipeOf("python:3.12-slim-bookworm"), base)).toBe(
      [
        `FROM ${base}`,
        "RUN apt-get update \\",
        " && apt-get install -y --no-install-recommends python3 python3-venv python3-pip \\",
        " && ln -s /usr/bin/python3 /usr/local/bin/python \\",
        " && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \\",
        " && rm -rf /var/lib/apt/lists/*",
        'ENV LANG="C.UTF-8"',
        'CMD ["python3"]',
        "",
      ].join("\n"),
    );
  });

  test("redis: data volume, unprivileged user, no protected mode", () => {
    const text = standInDockerfile(recipeOf("redis:7-bookworm"), base);
    expect(text).toContain('VOLUME ["/data"]\nEXPOSE 6379\nUSER redis\nCMD ["redis-server","--protected-mode","no"]\n');
  });
});

describe("stand-in table", () => {
  test("mirrors map every upstream to the local registry (what images.config.yaml holds)", () => {
    expect(standInMirrors()).toEqual({
      "debian:bookworm-slim": "127.0.0.1:5000/library/debian:bookworm-slim",
      "python:3.12-slim-bookworm": "127.0.0.1:5000/library/python:3.12-slim-bookworm",
      "node:20-bookworm-slim": "127.0.0.1:5000/library/node:20-bookworm-slim",
      "redis:7-bookworm": "127.0.0.1:5000/library/redis:7-bookworm",
    });
  });

  test("a namespace goes between host and repository; trailing slashes are ignored", () => {
    const [debian] = standIns;
    if (!debian) throw new Error("empty table");
    expect(mirrorReference(debian, "127.0.0.1:5000/scratch/")).toBe(
      "127.0.0.1:5000/scratch/library/debian:bookworm-slim",
    );
  });

  test("every Dockerfile stand-in builds on a stand-in in the table", () => {
    const builtOn = standIns.flatMap((standIn) =>
      standIn.recipe.kind === "debootstrap" ? [] : [[standIn.upstream, standIn.recipe.from]],
    );
    expect(builtOn).toEqual([
      ["python:3.12-slim-bookworm", "debian:bookworm-slim"],
      ["node:20-bookworm-slim", "debian:bookworm-slim"],
      ["redis:7-bookworm", "debian:bookworm-slim"],
    ]);
    expect(builtOn.filter(([, from]) => findStandIn(from ?? "") === undefined)).toEqual([]);
  });
});
