import { describe, expect, test } from "vitest";
import {
  lackingPlatforms,
  planEngineSetup,
  planSeedSetup,
  seedCommand,
  type EngineFacts,
  type MirrorFacts,
} from "../../../scripts/setup/plan.ts";

const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const ubuntu = 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n';
const fedora = 'PRETTY_NAME="Fedora Linux 41"\nID=fedora\n';
const down = (osRelease: string | undefined, isRoot: boolean): EngineFacts => ({
  engineAnswers: false,
  reason: "Cannot connect to the Docker daemon",
  osRelease,
  isRoot,
});

describe("engine set-up", () => {
  test("an engine that answers is never touched, set-up on or off", () => {
    const up: EngineFacts = { engineAnswers: true, osRelease: fedora, isRoot: false };
    expect(planEngineSetup(up, true)).toEqual([]);
    expect(planEngineSetup(up, false)).toEqual([]);
  });

  test.each([
    ["Debian as root", debian, true],
    ["Ubuntu (Debian family) as root", ubuntu, true],
  ])("%s: provisioned as doctor --fix does, saying why", (_name, osRelease, isRoot) => {
    const [step, ...rest] = planEngineSetup(down(osRelease, isRoot), true);
    expect(rest).toEqual([]);
    expect(step).toMatchObject({ kind: "provision-engine" });
    expect(step?.kind === "provision-engine" ? step.why : "").toMatch(
      /no Docker engine answers \(Cannot connect.*\).*doctor --fix/,
    );
  });

  test.each([
    ["Debian, not root", debian, false, /needs root/, /sudo pnpm images doctor --fix/],
    [
      "Fedora as root",
      fedora,
      true,
      /only on Debian-family machines \(this is Fedora Linux 41\)/,
      /Start a Docker engine/,
    ],
    ["no os-release", undefined, true, /only on Debian-family machines/, /Start a Docker engine/],
  ])("%s: one clear error naming what to run", (_name, osRelease, isRoot, message, hint) => {
    expect(planEngineSetup(down(osRelease, isRoot), true)).toEqual([
      { kind: "fail", message: expect.stringMatching(message), hint: expect.stringMatching(hint) },
    ]);
  });

  test("--no-setup turns provisioning into an error that names doctor --fix", () => {
    expect(planEngineSetup(down(debian, true), false)).toEqual([
      {
        kind: "fail",
        message: expect.stringMatching(/set-up is off/),
        hint: expect.stringMatching(/`pnpm images doctor --fix`/),
      },
    ]);
  });
});

const node = (available: string[] | undefined, platforms = ["linux/amd64"], seedable = true): MirrorFacts => ({
  upstream: "node:20-bookworm-slim",
  mirror: "127.0.0.1:5000/library/node:20-bookworm-slim",
  platforms,
  available,
  seedable,
});

describe("stand-in set-up", () => {
  test.each([
    [["linux/amd64"], ["linux/amd64"], []],
    [["linux/amd64", "linux/arm64"], ["linux/amd64", "linux/arm64/v8"], []],
    [["linux/amd64", "linux/arm64"], ["linux/amd64"], ["linux/arm64"]],
    [["linux/amd64"], undefined, ["linux/amd64"]],
  ])("needing %j where the mirror holds %j lacks %j", (needed, available, lacking) => {
    expect(lackingPlatforms(needed, available)).toEqual(lacking);
  });

  test("a mirror that has what the build needs is never reseeded", () => {
    expect(planSeedSetup([node(["linux/amd64"])], true)).toEqual([]);
  });

  test("a missing stand-in is seeded, for the platforms being built only", () => {
    expect(planSeedSetup([node(undefined)], true)).toEqual([
      {
        kind: "seed",
        upstreams: ["node:20-bookworm-slim"],
        platforms: ["linux/amd64"],
        registry: "127.0.0.1:5000",
        why: expect.stringMatching(/mirror lacks node:20-bookworm-slim:/),
      },
    ]);
  });

  test("arm64 is seeded only when the build asks for arm64", () => {
    const [step] = planSeedSetup([node(["linux/amd64"], ["linux/amd64", "linux/arm64"])], true);
    expect(step).toMatchObject({
      kind: "seed",
      platforms: ["linux/amd64", "linux/arm64"],
      why: expect.stringMatching(/node:20-bookworm-slim for linux\/arm64/),
    });
  });

  test("stand-ins of one registry are seeded in one step", () => {
    const python: MirrorFacts = {
      ...node(undefined),
      upstream: "python:3.12-slim-bookworm",
      mirror: "127.0.0.1:5000/library/python:3.12-slim-bookworm",
    };
    const steps = planSeedSetup([node(undefined), python], true);
    expect(steps).toMatchObject([{ kind: "seed", upstreams: ["node:20-bookworm-slim", "python:3.12-slim-bookworm"] }]);
  });

  test("--no-setup: an error naming upstream, mirror and the seed command", () => {
    expect(planSeedSetup([node(undefined)], false)).toEqual([
      {
        kind: "fail",
        message:
          "the build needs node:20-bookworm-slim, whose mirror " +
          "127.0.0.1:5000/library/node:20-bookworm-slim is missing; " +
          "set-up is off (--no-setup or IMAGES_NO_SETUP)",
        hint: "Run `pnpm images bases seed --only node:20-bookworm-slim --platform linux/amd64`.",
      },
    ]);
  });

  test("a mirror no stand-in can fill is an error that says how to fill it", () => {
    const [step] = planSeedSetup([node(["linux/amd64"], ["linux/arm64"], false)], true);
    expect(step).toEqual({
      kind: "fail",
      message: expect.stringMatching(/has no linux\/arm64 image \(only linux\/amd64\)$/),
      hint: expect.stringMatching(/^Push node:20-bookworm-slim to 127\.0\.0\.1:5000\/library\/node/),
    });
  });

  test("the seed command lists each upstream and the platforms", () => {
    expect(seedCommand(["a:1", "b:2"], ["linux/amd64", "linux/arm64"])).toBe(
      "pnpm images bases seed --only a:1 --only b:2 --platform linux/amd64,linux/arm64",
    );
  });
});
