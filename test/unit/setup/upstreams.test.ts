// The mirrors a build outside the repository's plan needs (the stack's redis, the fixture agent's base):
// which of them set-up can seed, and that it then plans the same seed step a build would.
import { describe, expect, test } from "vitest";
import { mirrorsNamedIn } from "../../../scripts/bake/mirror-platforms.ts";
import { planSeedSetup } from "../../../scripts/setup/plan.ts";
import { seedableMirror, upstreamNeeds } from "../../../scripts/setup/read.ts";

const redis = { "redis:7-bookworm": "127.0.0.1:5000/library/redis:7-bookworm" };

describe("upstream set-up", () => {
  test.each([
    ["redis:7-bookworm", "127.0.0.1:5000/library/redis:7-bookworm", true],
    ["redis:7-bookworm", "127.0.0.1:5000/elsewhere/redis:7-bookworm", false],
    ["postgres:16", "127.0.0.1:5000/library/postgres:16", false],
  ])("%s at %s is seedable: %s", (upstream, mirror, seedable) => {
    expect(seedableMirror(upstream, mirror)).toBe(seedable);
  });

  test("a mirror the registry lacks becomes one seed step, or with set-up off the command that seeds it", () => {
    const needs = upstreamNeeds(redis, ["linux/amd64"]);
    expect(planSeedSetup([{ ...needs[0]!, available: undefined }], true)).toEqual([
      expect.objectContaining({ kind: "seed", upstreams: ["redis:7-bookworm"], registry: "127.0.0.1:5000" }),
    ]);
    expect(planSeedSetup([{ ...needs[0]!, available: undefined }], false)).toEqual([
      expect.objectContaining({ kind: "fail", hint: expect.stringContaining("--only redis:7-bookworm") as string }),
    ]);
    expect(planSeedSetup([{ ...needs[0]!, available: ["linux/amd64"] }], true)).toEqual([]);
  });

  test("only the mirrors a Dockerfile names", () => {
    const mirrors = { ...redis, "python:3.12-slim-bookworm": "127.0.0.1:5000/library/python:3.12-slim-bookworm" };
    expect(mirrorsNamedIn("ARG PYTHON_IMAGE=python:3.12-slim-bookworm\nFROM ${PYTHON_IMAGE}", mirrors)).toEqual({
      "python:3.12-slim-bookworm": "127.0.0.1:5000/library/python:3.12-slim-bookworm",
    });
  });
});
