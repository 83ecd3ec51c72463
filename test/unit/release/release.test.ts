// Sequencing only: fakes stand in for the lint gate, the build, smoke and the tag mover.
import { expect, test } from "vitest";
import { ReleaseFailedError, ReleaseIncompleteError } from "../../../scripts/errors/release.ts";
import { buildRequest, runRelease, stagingRepository } from "../../../scripts/release/release.ts";
import { context, plan, world } from "./release-world.ts";

test("lint, build with smoke before the push, then tags, in that order", async () => {
  const { calls, run } = world();
  const result = await runRelease(run);
  const staging = "127.0.0.1:5000/rehearsal/release-staging";
  const staged = ["api", "web"].flatMap((name) => ["1.2.3", "latest"].map((tag) => `${staging}/${name}:${tag}`));
  expect(calls.filter((call) => !call.startsWith("group"))).toEqual([
    "check registry",
    "lint",
    "build push linux/amd64+linux/arm64 smoke=true lint=false",
    "smoke api:local web:local",
    "push by digest",
    "promote " +
      "rehearsal/release-staging/api→rehearsal/api@sha256:api " +
      "rehearsal/release-staging/web→rehearsal/web@sha256:web",
    "tags rehearsal/api@sha256:api rehearsal/web@sha256:web",
    "clean staging rehearsal/release-staging/api rehearsal/release-staging/web",
    `untag ${staged.join(" ")}`,
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
  expect(calls).toContain(
    "smoke " +
      "127.0.0.1:5000/rehearsal/release-staging/api@sha256:api " +
      "127.0.0.1:5000/rehearsal/release-staging/web@sha256:web",
  );
  expect(calls.some((call) => call.startsWith("promote") || call.startsWith("tags"))).toBe(false);
});

test("a failed promotion stops before any tag moves", async () => {
  const { calls, run } = world();
  run.deps.promote = async () =>
    Promise.reject(new Error("PUT http://127.0.0.1:5000/v2/rehearsal/web/manifests/sha256:web failed: fetch failed"));
  await expect(runRelease(run)).rejects.toThrow(
    /release stopped before moving any tag: copying the staged images .*fetch failed\. No tag was changed/,
  );
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
  const bare = {
    ...plan,
    images: [
      ...plan.images,
      { target: "docs", repository: { host: "127.0.0.1:5000", repository: "rehearsal/docs" }, tags: ["1.2.3"] },
    ],
  };
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
  await expect(runRelease(run)).rejects.toThrow(
    /did not push every image by digest: web \(missing from the build report\)/,
  );
  expect(calls.some((call) => call.startsWith("tags"))).toBe(false);
});

test("the build request pushes every platform to the staging namespace, with attestations", () => {
  expect(buildRequest({ plan, context })).toMatchObject({
    targets: ["api", "web"],
    registry: "127.0.0.1:5000/rehearsal/release-staging",
    output: "push",
    attest: "full",
    smoke: true,
    lint: false,
    changed: false,
    tagContext: context,
  });
});

test("a registry that cannot be reached stops the release before the lint gate", async () => {
  const { calls, run } = world();
  run.deps.checkRegistry = async () =>
    Promise.reject(
      new Error("registry 127.0.0.1:5000 is not reachable (fetch failed): nothing was linted, built or pushed"),
    );
  await expect(runRelease(run)).rejects.toThrow(/not reachable .*nothing was linted, built or pushed/);
  expect(calls).toEqual(["group Check the registry"]);
});

test("the check's findings, and what the rollback can do, are logged before the build", async () => {
  const { run } = world();
  const lines: string[] = [];
  run.reporter.log = (line) => lines.push(line);
  await runRelease(run);
  expect(lines).toContain(
    "rollback: a new tag CANNOT be removed (the registry refuses " +
      "DELETE): if a tag move fails, the new tags already put " +
      "stay, the release lists them and fails, and a rerun " +
      "finishes the release",
  );
});

test(
  "any failure after the check reads every tag back, cleans " + "staging, untags locally, and reports it as data too",
  async () => {
    const { calls, run } = world({ stagingLeft: ["127.0.0.1:5000/rehearsal/release-staging/api:1.2.3"] });
    run.deps.promote = async () => Promise.reject(new Error("PUT failed: fetch failed"));
    const error = await runRelease(run).then(
      () => Promise.reject(new Error("expected a failure")),
      (failure: unknown) => failure as ReleaseFailedError,
    );
    expect(error).toBeInstanceOf(ReleaseFailedError);
    expect(error.message).toContain(
      "read back from the registry after the failure: all 4 tags of this release are as they were before it",
    );
    expect(error.message).toContain(
      "staged tags the registry would not delete (in " +
        "127.0.0.1:5000/rehearsal/release-staging/*, never pulled by " +
        "users): 127.0.0.1:5000/rehearsal/release-staging/api:1.2.3",
    );
    expect(calls.slice(-3).map((call) => call.split(" ").slice(0, 2).join(" "))).toEqual([
      "clean staging",
      "read tags",
      "untag 127.0.0.1:5000/rehearsal/release-staging/api:1.2.3",
    ]);
    expect(error.report.tags.map((tag) => [tag.reference, tag.wanted, tag.now, tag.outcome])).toEqual([
      ["127.0.0.1:5000/rehearsal/api:1.2.3", "sha256:api", null, "as-before"],
      ["127.0.0.1:5000/rehearsal/api:latest", "sha256:api", "sha256:old", "as-before"],
      ["127.0.0.1:5000/rehearsal/web:1.2.3", "sha256:web", null, "as-before"],
      ["127.0.0.1:5000/rehearsal/web:latest", "sha256:web", "sha256:old", "as-before"],
    ]);
    expect(error.report).toMatchObject({
      schemaVersion: 1,
      status: "failed",
      version: "1.2.3",
      rollback: { deleteByTag: false, deleteByDigest: false },
      staging: { left: ["127.0.0.1:5000/rehearsal/release-staging/api:1.2.3"] },
    });
  },
);

test("a failing lint gate neither cleans staging nor untags: nothing was built", async () => {
  const { calls, run } = world({ lintPasses: false });
  await expect(runRelease(run)).rejects.toThrow(ReleaseFailedError);
  expect(calls.some((call) => call.startsWith("clean staging") || call.startsWith("untag"))).toBe(false);
});

test("a tag mover that stops before moving any tag still gets the read-back", async () => {
  const { calls, run } = world();
  run.deps.moveTags = async () =>
    Promise.reject(
      new ReleaseIncompleteError(
        "release stopped before moving any tag: 127.0.0.1:5000/rehearsal/web@sha256:web is not in the registry.",
      ),
    );
  await expect(runRelease(run)).rejects.toThrow(
    /is not in the registry\.\n {2}read back from the registry after the failure: all 4 tags/,
  );
  expect(calls).toContain("read tags");
});
