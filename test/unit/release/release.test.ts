// Sequencing only: fakes stand in for the lint gate, the build, smoke and the tag mover.
import { expect, test } from "vitest";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import type { ReleaseDeps, ReleaseReporter } from "../../../scripts/release/deps.ts";
import type { ReleasePlan } from "../../../scripts/release/release-plan.ts";
import { buildRequest, runRelease, stagingRepository } from "../../../scripts/release/release.ts";
import { contextFrom } from "./github-env.ts";

const context = contextFrom("tag-v1.2.3.env");
const plan: ReleasePlan = {
  version: "1.2.3",
  prerelease: false,
  registry: { host: "127.0.0.1:5000", namespace: "rehearsal" },
  platforms: ["linux/amd64", "linux/arm64"],
  nativePlatform: "linux/amd64",
  attest: "full",
  images: ["api", "web"].map((target) => ({ target, repository: { host: "127.0.0.1:5000", repository: `rehearsal/${target}` }, tags: ["1.2.3", "latest"], specFile: `/ws/${target}/smoke.yaml` })),
};
const ctx = { workspace: "/ws", env: {}, exec: async () => Promise.reject(new Error("no process in unit tests")), signal: new AbortController().signal } as unknown as CommandContext;

interface Options {
  lintPasses?: boolean;
  smokeFails?: string;
  buildCallsSmoke?: boolean;
}

function world(options: Options = {}) {
  const calls: string[] = [];
  const reporter: ReleaseReporter = { group: async (name, step) => (calls.push(`group ${name}`), step()), annotate: (a) => calls.push(`annotate ${a.file ?? ""} ${a.message}`), log: () => undefined };
  const smokeReport = (images: string[]) => ({
    passed: !images.some((image) => image.includes(options.smokeFails ?? "\0")),
    results: images.map((image, index) => ({ target: plan.images[index]?.target ?? "", image, passed: !image.includes(options.smokeFails ?? "\0"), tests: [{ name: "runs", passed: !image.includes(options.smokeFails ?? "\0"), message: "exit 1", durationMs: 1 }] })),
  });
  const deps: ReleaseDeps = {
    lintGate: async () => (calls.push("lint"), { passed: options.lintPasses ?? true, findings: [{ file: "api/Dockerfile", line: 3, column: 1, code: "DL3007", level: "error", message: "pin the tag" }], summary: "1 error" }),
    runBuild: async (_ctx, request, hooks) => {
      calls.push(`build ${request.output} ${request.platforms?.join("+")} smoke=${request.smoke} lint=${request.lint}`);
      if (options.buildCallsSmoke !== false && !(await hooks.smoke(ctx, plan.images.map((image) => ({ target: image.target, image: `${image.target}:local`, specFile: image.specFile ?? "" })), {} as never))) throw new Error("smoke tests failed: nothing was pushed");
      calls.push("push by digest");
      return { schemaVersion: 1, targets: plan.images.map((image) => ({ target: image.target, image: `127.0.0.1:5000/rehearsal/release-staging/${image.target}`, status: "built", tags: [], digest: `sha256:${image.target}`, durationMs: 1, cachedSteps: 2, totalSteps: 3, pushed: true })) };
    },
    runSmoke: async ({ items }) => (calls.push(`smoke ${items.map((item) => item.image).join(" ")}`), smokeReport(items.map((item) => item.image))),
    promote: async (items) => void calls.push(`promote ${items.map((item) => `${item.from}→${item.to}@${item.digest}`).join(" ")}`),
    dropStaged: async () => void calls.push("drop staged"),
    moveTags: async (assignments) => (calls.push(`tags ${assignments.map((a) => `${a.repository}@${a.digest}`).join(" ")}`), { changes: [] }),
    imageSize: async () => 1024,
  };
  return { calls, run: { ctx, plan, context, deps, reporter, smokeParallel: 2 } };
}

test("lint, build with smoke before the push, then tags, in that order", async () => {
  const { calls, run } = world();
  const result = await runRelease(run);
  expect(calls.filter((call) => !call.startsWith("group"))).toEqual([
    "lint",
    "build push linux/amd64+linux/arm64 smoke=true lint=false",
    "smoke api:local web:local",
    "push by digest",
    "promote rehearsal/release-staging/api→rehearsal/api@sha256:api rehearsal/release-staging/web→rehearsal/web@sha256:web",
    "tags rehearsal/api@sha256:api rehearsal/web@sha256:web",
    "drop staged",
  ]);
  expect(result.images.map((image) => [image.repository, image.digest, image.smoke, image.size])).toEqual([
    ["127.0.0.1:5000/rehearsal/api", "sha256:api", "passed", 1024],
    ["127.0.0.1:5000/rehearsal/web", "sha256:web", "passed", 1024],
  ]);
});

test("a failing lint gate annotates the finding and builds nothing", async () => {
  const { calls, run } = world({ lintPasses: false });
  await expect(runRelease(run)).rejects.toThrow(/lint gate failed \(1 error\): nothing was built or pushed/);
  expect(calls).toContain("annotate api/Dockerfile DL3007: pin the tag");
  expect(calls.some((call) => call.startsWith("build"))).toBe(false);
});

test("a failing smoke spec stops before any push and any tag", async () => {
  const { calls, run } = world({ smokeFails: "web" });
  await expect(runRelease(run)).rejects.toThrow(/smoke specs failed for web: no tag was moved/);
  expect(calls).not.toContain("push by digest");
  expect(calls.some((call) => call.startsWith("tags"))).toBe(false);
  expect(calls).toContain("annotate /ws/web/smoke.yaml smoke failed for web:local: runs: exit 1");
});

test("when the build does not run the smoke hook, the staged digests are smoke-tested before promotion", async () => {
  const { calls, run } = world({ buildCallsSmoke: false, smokeFails: "web@" });
  await expect(runRelease(run)).rejects.toThrow(/smoke specs failed for web/);
  expect(calls).toContain("smoke 127.0.0.1:5000/rehearsal/release-staging/api@sha256:api 127.0.0.1:5000/rehearsal/release-staging/web@sha256:web");
  expect(calls.some((call) => call.startsWith("promote") || call.startsWith("tags"))).toBe(false);
});

test("a failed promotion stops before any tag moves", async () => {
  const { calls, run } = world();
  run.deps.promote = async () => Promise.reject(new Error("PUT http://127.0.0.1:5000/v2/rehearsal/web/manifests/sha256:web failed: fetch failed"));
  await expect(runRelease(run)).rejects.toThrow(/release stopped before moving any tag: copying the staged images .*fetch failed\. No tag was changed/);
  expect(calls.some((call) => call.startsWith("tags"))).toBe(false);
});

test.each([
  ["127.0.0.1:5000/ns/release-staging/api", "ns/release-staging/api"],
  ["127.0.0.1:5000/ns/release-staging/api:1.2.3", "ns/release-staging/api"],
  ["ghcr.io/acme/release-staging/api", "acme/release-staging/api"],
])("stagingRepository(%s)", (ref, repository) => {
  expect(stagingRepository(ref)).toBe(repository);
});

test("an image without a smoke spec stops the release before the lint gate", async () => {
  const { calls, run } = world();
  const bare = { ...plan, images: [...plan.images, { target: "docs", repository: { host: "127.0.0.1:5000", repository: "rehearsal/docs" }, tags: ["1.2.3"] }] };
  await expect(runRelease({ ...run, plan: bare })).rejects.toThrow(/no smoke spec for docs/);
  expect(calls).toEqual([]);
});

test("an image the build did not push by digest stops the release before tags", async () => {
  const { calls, run } = world();
  const build = run.deps.runBuild;
  run.deps.runBuild = async (...args) => {
    const report = await build(...args);
    return { ...report, targets: report.targets.filter((target) => target.target !== "web") };
  };
  await expect(runRelease(run)).rejects.toThrow(/did not push every image by digest: web \(missing from the build report\)/);
  expect(calls.some((call) => call.startsWith("tags"))).toBe(false);
});

test("the build request pushes every platform to the staging namespace, with attestations", () => {
  expect(buildRequest({ plan, context })).toMatchObject({ targets: ["api", "web"], registry: "127.0.0.1:5000/rehearsal/release-staging", output: "push", attest: "full", smoke: true, lint: false, changed: false, tagContext: context });
});
