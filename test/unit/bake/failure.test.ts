import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { bakeFailure } from "../../../scripts/bake/failure.ts";
import { BuildProgress, JsonObjectStream } from "../../../scripts/bake/progress.ts";
import { isTransientPushFailure } from "../../../scripts/bake/push-retry.ts";

// Both recorded from a first build with registry cache, so every target also warns that its
// cache is not there yet: the warnings must not be taken for the failure.
const pushRejected = readFileSync("test/fixtures/bake/push-500.rawjson", "utf8");
const stepBroke = readFileSync("test/fixtures/bake/run-step-fails.rawjson", "utf8");
// Recorded from a bake whose named context points at a mirror tag that does not exist.
const mirrorMissing = readFileSync("test/fixtures/bake/mirror-missing.rawjson", "utf8");

function replay(raw: string, chunkSize: number): { progress: BuildProgress; text: string } {
  const stream = new JsonObjectStream();
  const progress = new BuildProgress();
  for (let i = 0; i < raw.length; i += chunkSize)
    stream.push(raw.slice(i, i + chunkSize)).forEach((status) => progress.apply(status));
  return { progress, text: stream.text };
}

function failure(raw: string, chunkSize = 4096): Error {
  const { progress, text } = replay(raw, chunkSize);
  return bakeFailure(progress, text);
}

describe("a failed bake", () => {
  test("a missing cache to import is a warning, not a failed step", () => {
    const { progress } = replay(pushRejected, 4096);
    const warnings = [...progress.vertices.values()].filter(
      (v) => v.error && v.name.includes("importing cache manifest"),
    );
    expect(warnings.length).toBeGreaterThan(0);
    expect(progress.failed().map((v) => v.name)).not.toContainEqual(
      expect.stringContaining("importing cache manifest"),
    );
  });

  test.each([1, 13, 4096, pushRejected.length])(
    "a registry that answers 500 to the push is named, and the push is retried (chunks of %i)",
    (size) => {
      const error = failure(pushRejected, size);
      // The target that was refused, not a sibling whose push was cancelled because of it.
      expect(error.message).toMatch(/^step failed: \[python-agent-base\] exporting to image\n/);
      expect(error.message).toMatch(/\nfailed to push \S+\/python-agent-base:main: .*500 Internal Server Error$/);
      expect(error.message).not.toMatch(/context canceled|importing cache|ERROR: failed to solve/);
      expect(isTransientPushFailure(error)).toBe(true);
    },
  );

  test("a RUN step that exits non-zero shows its output and exit code once, and is not retried", () => {
    const error = failure(stepBroke);
    expect(error.message).toBe(
      'step failed: [echo-agent 2/3] RUN echo "compiling the ' +
        'agent" && exit 3\ncompiling the agent\nprocess "/bin/sh -c ' +
        'echo \\"compiling the agent\\" && exit 3" did not complete ' +
        "successfully: exit code: 3",
    );
    expect(isTransientPushFailure(error)).toBe(false);
  });

  test("a failed step of a check target fails the build as that check's finding", () => {
    const { progress, text } = replay(stepBroke, 4096);
    const error = bakeFailure(progress, text, { targets: ["python-agent-base", "echo-agent"], checks: ["echo-agent"] });
    expect(error.message).toMatch(/^check failed: echo-agent\nstep failed: \[echo-agent 2\/3\] RUN /);
    expect(error.hint).toMatch(/check target echo-agent found a problem/);
    expect(
      bakeFailure(progress, text, { targets: ["python-agent-base", "echo-agent"], checks: ["python-agent-base"] })
        .message,
    ).toMatch(/^step failed/);
  });

  // Recorded: `bake check-ok check-fails` on test/fixtures/bake/outputs-workspace, the second finds a TODO.
  test("the check that found something is named among several targets", () => {
    const { progress, text } = replay(readFileSync("test/fixtures/bake/check-fails.rawjson", "utf8"), 4096);
    const error = bakeFailure(progress, text, {
      targets: ["check-ok", "check-fails"],
      checks: ["check-ok", "check-fails"],
    });
    expect(error.message).toMatch(
      /^check failed: check-fails\nstep failed: \[check-fails fails 2\/3\] RUN grep -q "TODO"/,
    );
    expect(error.message).toContain("finding: tools/hello.sh still says TODO");
  });

  test("without a failed step, buildx's own verdict is the message", () => {
    const error = bakeFailure(new BuildProgress(), "#0 building\nERROR: failed to find target nope\n");
    expect(error.message).toBe("docker buildx bake failed: ERROR: failed to find target nope");
  });
});

describe("text between progress objects", () => {
  test.each([1, 5, 1000])("is kept whatever the chunking (%i)", (size) => {
    const raw = '{"vertexes":[]}\n{"logs":[{"vertex":"x","data":"e30="}]}\nERROR: failed to solve: "{quoted}"\n';
    const { text } = replay(raw, size);
    expect(text.trim()).toBe('ERROR: failed to solve: "{quoted}"');
  });
});

describe("a mirror that lacks the image", () => {
  const contexts = { "debian:bookworm-slim": "docker-image://127.0.0.1:5000/library/debian:no-such-tag" };

  test.each([1, 97, 4096])(
    "names the upstream, the mirror and the seed command, not BuildKit's bare not-found (chunks of %i)",
    (size) => {
      const { progress, text } = replay(mirrorMissing, size);
      const error = bakeFailure(progress, text, { targets: ["api"], checks: [], contexts });
      expect(error.message).toBe(
        "the build needs debian:bookworm-slim, and its mirror " +
          "127.0.0.1:5000/library/debian:no-such-tag does not have it " +
          "(for this platform)",
      );
      expect(error.hint).toMatch(/^Run `pnpm images bases seed --only debian:bookworm-slim`/);
    },
  );

  test("without the plan's contexts the step that failed is named as before", () => {
    const { progress, text } = replay(mirrorMissing, 4096);
    expect(bakeFailure(progress, text).message).toMatch(
      /^step failed: \[context debian:bookworm-slim\] load metadata for 127\.0\.0\.1:5000/,
    );
  });

  test("a run step that fails is not taken for a missing mirror", () => {
    const { progress, text } = replay(stepBroke, 4096);
    expect(bakeFailure(progress, text, { targets: [], checks: [], contexts }).message).toMatch(/^step failed: /);
  });
});
