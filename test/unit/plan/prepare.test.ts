// The build's plan step on fixture inputs: what read/build-inputs.ts would have gathered (a captured
// `bake --print`, a git context, hashes, unreachable URLs, what is already built) → skips and plan.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { defaultConfig, type ImagesConfig } from "../../../scripts/config/types.ts";
import { inputHashLabel } from "../../../scripts/plan/input-hash.ts";
import { changeCandidates, planPrepared, type PlanRequest } from "../../../scripts/plan/prepare.ts";
import type { BuildInputs } from "../../../scripts/read/build-inputs.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import type { GitContext } from "../../../scripts/tags/types.ts";

const definition = parseBakePrint(readFileSync("test/fixtures/bake/fixture-workspace.print.json", "utf8"), "/ws");
const pypi = "https://pypi.org/simple/";
const config: ImagesConfig = {
  ...defaultConfig,
  registry: "127.0.0.1:5000/fixture",
  tags: ["type=ref,event=branch", "type=sha"],
  needs: { "notes-agent": [pypi] },
};
const context: GitContext = {
  eventName: "push",
  ref: "refs/heads/feature/x",
  sha: "0123456789abcdef0123456789abcdef01234567",
  defaultBranch: "main",
  notes: [],
};
const hashes = {
  "python-agent-base": "b".repeat(64),
  "echo-agent": "e".repeat(64),
  "notes-agent": "n".repeat(64),
  api: "a".repeat(64),
};

function inputs(over: Partial<BuildInputs> = {}): BuildInputs {
  return {
    workspace: "/ws",
    config,
    definition,
    tags: { context, now: new Date("2026-01-02T03:04:05Z"), shortShaLength: undefined, annotationLevels: undefined },
    mirrors: { "python:3.12-slim-bookworm": "127.0.0.1:5000/library/python:3.12-slim-bookworm" },
    hashes,
    unreachable: new Set(),
    unchanged: {},
    host: { nativePlatform: "linux/arm64" },
    caFile: "/etc/ssl/certs/ca-certificates.crt",
    ...over,
  };
}

const request = (over: Partial<PlanRequest> = {}): PlanRequest => ({
  targets: [],
  output: "load",
  changed: false,
  attest: "none",
  ...over,
});

describe("planPrepared", () => {
  test("a selection plans its dependency first, tags from git and labels each image with its input hash", () => {
    const prepared = planPrepared(inputs(), request({ targets: ["echo-agent"] }));
    expect(prepared.plan.targets.map((t) => [t.name, t.requested])).toEqual([
      ["python-agent-base", false],
      ["echo-agent", true],
    ]);
    const echo = prepared.plan.targets[1];
    expect(echo?.tags).toEqual([
      "127.0.0.1:5000/fixture/echo-agent:dev",
      "127.0.0.1:5000/fixture/echo-agent:feature-x",
      "127.0.0.1:5000/fixture/echo-agent:sha-0123456",
    ]);
    expect(echo?.labels[inputHashLabel]).toBe(hashes["echo-agent"]);
    expect(echo?.cacheFrom).toEqual(["type=local,src=/ws/.cache/buildx/echo-agent"]);
    expect(echo?.secrets).toEqual(["id=host_ca,src=/etc/ssl/certs/ca-certificates.crt"]);
    expect(echo?.contexts["python:3.12-slim-bookworm"]).toBe(
      "docker-image://127.0.0.1:5000/library/python:3.12-slim-bookworm",
    );
    expect(prepared.skipped).toEqual({});
    expect(prepared.nativePlatform).toBe("linux/arm64");
  });

  test("a release's git context wins over the checkout's", () => {
    const tagContext: GitContext = { ...context, eventName: "push", ref: "refs/tags/v1.2.3" };
    const prepared = planPrepared(inputs(), request({ targets: ["api"], output: "push", tagContext }));
    expect(prepared.plan.targets[0]?.tags).toEqual(["127.0.0.1:5000/fixture/api:sha-0123456"]);
    expect(prepared.planInput.cacheScope.branch).toBe("v1.2.3");
  });

  test("a target from a group whose URL does not answer is skipped with the reason; the rest is planned", () => {
    const prepared = planPrepared(inputs({ unreachable: new Set([pypi]) }), request());
    expect(prepared.skipped).toEqual({
      "notes-agent": `needs ${pypi}, which does not answer from this machine (air-gapped?)`,
    });
    expect(prepared.plan.targets.map((t) => t.name)).toEqual(["api", "python-agent-base", "echo-agent"]);
  });

  test.each([
    ["named on the command line", request({ targets: ["notes-agent"] })],
    ["everything must build (release)", request({ requireAll: true })],
  ])("an unreachable target %s is an error, not a skip", (_, asked) => {
    expect(() => planPrepared(inputs({ unreachable: new Set([pypi]) }), asked)).toThrow(
      /^cannot build notes-agent on this machine: needs https:\/\/pypi/,
    );
  });

  test("what --changed found built is skipped; nothing left to build plans nothing", () => {
    const unchanged = { "echo-agent": "unchanged: already built" };
    expect(planPrepared(inputs({ unchanged }), request({ targets: ["echo-agent"] })).plan.targets).toEqual([]);
    expect(planPrepared(inputs({ unchanged }), request({ targets: ["echo-agent"] })).skipped).toEqual(unchanged);
  });
});

describe("changeCandidates", () => {
  test("loading: every requested image, no push tags", () => {
    expect(changeCandidates(inputs(), request())).toEqual({
      images: ["python-agent-base", "echo-agent", "notes-agent", "api"],
      pushTags: { "python-agent-base": undefined, "echo-agent": undefined, "notes-agent": undefined, api: undefined },
    });
  });

  test("pushing: the first computed tag is the one compared; an offline target is not looked at", () => {
    const { images, pushTags } = changeCandidates(
      inputs({ unreachable: new Set([pypi]) }),
      request({ output: "push" }),
    );
    expect(images).toEqual(["python-agent-base", "echo-agent", "api"]);
    expect(pushTags["echo-agent"]).toBe("127.0.0.1:5000/fixture/echo-agent:feature-x");
  });
});
