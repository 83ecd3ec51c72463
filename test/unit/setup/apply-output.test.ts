// Set-up runs inside another command (build, stack test), whose stdout is its report: `--json`
// must stay one JSON document, so what the set-up steps print goes to stderr.
import { expect, test } from "vitest";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import { ensureUpstreams } from "../../../scripts/setup/apply.ts";
import { fakeContext } from "../fake-context.ts";
import { urlOf } from "../fetch-input.ts";

const debian = { "debian:bookworm-slim": "127.0.0.1:5000/library/debian:bookworm-slim" };
const index = {
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{ platform: { os: "linux", architecture: "amd64" } }],
};

/** A mirror that lacks the stand-in when set-up looks, and has it when the seed step looks (another seeder won). */
function lateMirror(seen: string[]): typeof fetch {
  return async (url: string | URL | Request) => {
    seen.push(urlOf(url));
    if (seen.length === 1) return new Response(null, { status: 404 });
    return new Response(JSON.stringify(index), {
      status: 200,
      headers: { "content-type": "application/vnd.oci.image.index.v1+json" },
    });
  };
}

test("a set-up seed step writes its lines to stderr, none to stdout", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const seen: string[] = [];
  const exec: Exec = async (argv) => ({ argv, exitCode: 0, stdout: "", stderr: "" });
  const ctx: CommandContext = {
    ...fakeContext("/nonexistent", exec),
    fetch: lateMirror(seen),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  };
  await ensureUpstreams(ctx, debian, ["linux/amd64"], true);
  expect(seen.length).toBeGreaterThanOrEqual(2);
  expect(out).toEqual([]);
  expect(err).toEqual(
    expect.arrayContaining([
      expect.stringContaining("setup: "),
      expect.stringMatching(/^skipped debian:bookworm-slim → 127\.0\.0\.1:5000\/library\/debian:bookworm-slim/),
    ]),
  );
});
