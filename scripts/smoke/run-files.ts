// fileExistenceTests and fileContentTests: one created (never started) container per image;
// `docker cp` reads paths out of it as tar, so the image needs no shell or stat.
import { checkFileContent, checkFileExistence } from "./checks.ts";
import { createArgs, readFileArgs, statArgs } from "./docker-args.ts";
import { expandEnv } from "./image-config.ts";
import { signalOf } from "./run-commands.ts";
import { failed, timed, type ImageRun, type SmokeTestResult } from "./run-types.ts";
import type { FileContentTest, FileExistenceTest } from "./spec-types.ts";
import { firstTarEntry } from "./tar.ts";

export async function runFileTests(run: ImageRun): Promise<SmokeTestResult[]> {
  const { fileExistenceTests, fileContentTests } = run.spec;
  if (fileExistenceTests.length + fileContentTests.length === 0) return [];
  const container = run.tracker.name(run.target);
  try {
    const created = await run.exec(createArgs({ name: container, runId: run.tracker.runId }, run.image), {
      check: false,
      ...signalOf(run),
    });
    if (created.exitCode !== 0) {
      const message = `could not create a container to read files from: ${created.stderr.trim()}`;
      return [
        ...fileExistenceTests.map((t) => failed(`File Existence Test: ${t.name}`, message)),
        ...fileContentTests.map((t) => failed(`File Content Test: ${t.name}`, message)),
      ];
    }
    const results: SmokeTestResult[] = [];
    for (const test of fileExistenceTests)
      results.push(await timed(run, `File Existence Test: ${test.name}`, () => existence(run, container, test)));
    for (const test of fileContentTests)
      results.push(await timed(run, `File Content Test: ${test.name}`, () => content(run, container, test)));
    return results;
  } finally {
    await run.tracker.release(container);
  }
}

async function existence(run: ImageRun, container: string, test: FileExistenceTest): Promise<string[]> {
  const path = expandEnv(test.path, run.config.env);
  const result = await run.exec(statArgs(container, path), { check: false, ...signalOf(run) });
  // The pipe through `head` hides docker's exit code: no tar header means no such path.
  return checkFileExistence(test, firstTarEntry(Buffer.from(result.stdout, "utf8")), result.stderr);
}

async function content(run: ImageRun, container: string, test: FileContentTest): Promise<string[]> {
  const path = expandEnv(test.path, run.config.env);
  const result = await run.exec(readFileArgs(container, path), { check: false, ...signalOf(run) });
  if (result.exitCode !== 0) return [`could not read ${path}: ${result.stderr.trim()}`];
  const entry = firstTarEntry(Buffer.from(result.stdout, "utf8"));
  if (!entry || entry.type !== "file") return [`${path} is not a regular file (${entry?.type ?? "nothing read"})`];
  return checkFileContent(test, entry.content.toString("utf8"));
}
