// Differential test: our DL verdicts against a real hadolint over every Dockerfile in the repository
// and in test/fixtures. It needs hadolint (a binary on PATH, or its image in the engine); without it the
// comparison is skipped, and the test says why.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { mergeConfig } from "../../scripts/lint/config.ts";
import { findDockerfiles } from "../../scripts/lint/discover.ts";
import { loadConfig } from "../../scripts/config/load.ts";
import { hadolintImageRef, hadolintPath } from "../../scripts/lint/hadolint-engine.ts";
import { lintFiles } from "../../scripts/lint/lint-files.ts";
import { exec } from "../../scripts/process/exec.ts";

const root = join(import.meta.dirname, "..", "..");
const mirrors = loadConfig(root, process.env).mirrors;
const image = hadolintImageRef(mirrors);
const imagePresent =
  (await exec(["docker", "image", "inspect", image], { check: false }).catch(() => undefined))?.exitCode === 0;
const available = hadolintPath(process.env) !== undefined || imagePresent;
const reason =
  `no executable \`hadolint\` on PATH and no ${image} image in ` +
  `the engine (no mirror of it is seeded here), so there is ` +
  `nothing to compare against`;

describe("our DL findings against hadolint's", () => {
  test.skipIf(available)(`skipped: ${reason}`, () => {
    expect(available).toBe(false);
  });

  test.runIf(available)("agree on at least 97% of (file, line, rule) verdicts", async () => {
    const files = findDockerfiles(root, false);
    const run = (engine: "native" | "hadolint") =>
      lintFiles({
        workspace: root,
        files,
        config: mergeConfig({ shellcheck: false }),
        configFile: undefined,
        engine,
        exec,
        env: process.env,
        mirrors,
      });
    const keys = async (engine: "native" | "hadolint"): Promise<Set<string>> =>
      new Set(
        (await run(engine)).findings.filter((f) => f.code.startsWith("DL")).map((f) => `${f.file}:${f.line}:${f.code}`),
      );
    const [ours, theirs] = [await keys("native"), await keys("hadolint")];
    const all = new Set([...ours, ...theirs]);
    const agreed = [...all].filter((key) => ours.has(key) && theirs.has(key)).length;
    expect(all.size === 0 ? 1 : agreed / all.size).toBeGreaterThanOrEqual(0.97);
  });
});
