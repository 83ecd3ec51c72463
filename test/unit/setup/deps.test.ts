import { describe, expect, test } from "vitest";
import { depsState, planDeps, setupAllowed } from "../../../bin/deps.cjs";

describe("dependencies on first run", () => {
  test.each([
    ["lock", "lock", "ok"],
    ["lock", undefined, "missing"],
    ["lock v2", "lock v1", "stale"],
    [undefined, undefined, "missing"],
    [undefined, "lock", "ok"],
  ])("lockfile %j, installed copy %j: %s", (lockfile, installed, state) => {
    expect(depsState(lockfile, installed)).toBe(state);
  });

  test("installed as the lockfile says: nothing to do", () => {
    expect(planDeps("ok", true)).toEqual({ kind: "none" });
    expect(planDeps("ok", false)).toEqual({ kind: "none" });
  });

  test.each([
    ["missing", /node_modules is missing/],
    ["stale", /installed from another pnpm-lock.yaml/],
  ] as const)("%s: installs with the lockfile, saying why", (state, why) => {
    expect(planDeps(state, true)).toEqual({
      kind: "install",
      why: expect.stringMatching(why),
      argv: ["pnpm", "install", "--frozen-lockfile"],
    });
  });

  test("set-up off: an error that names pnpm install", () => {
    expect(planDeps("missing", false)).toEqual({
      kind: "fail",
      message: expect.stringMatching(/set-up is off\n {2}hint: Run `pnpm install --frozen-lockfile`/),
    });
  });

  test.each([
    [[], {}, true],
    [["build", "--no-setup"], {}, false],
    [[], { IMAGES_NO_SETUP: "1" }, false],
    [[], { IMAGES_NO_SETUP: "true" }, false],
    [[], { IMAGES_NO_SETUP: "0" }, true],
  ])("argv %j env %j: set-up allowed %s", (argv, env, allowed) => {
    expect(setupAllowed(argv, env)).toBe(allowed);
  });
});
