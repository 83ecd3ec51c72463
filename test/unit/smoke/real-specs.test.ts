// Every smoke.yaml in the repository parses: the agent images cannot be built here (no PyPI),
// so this is the check their specs get outside CI.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSmokeSpec } from "../../../scripts/smoke/spec-parse.ts";
import { repoRoot } from "./fixtures.ts";

/** Every smoke.yaml under the folders images are built from, found by walking them. */
const specs = ["base", "images", "test/fixtures/workspace"]
  .flatMap((folder) =>
    readdirSync(join(repoRoot, folder), { recursive: true, encoding: "utf8" }).map((file) => join(folder, file)),
  )
  .filter((file) => file.endsWith("/smoke.yaml"))
  .sort();

describe("repository smoke specs", () => {
  it("covers the base, every agent, the API and the fixture images", () => {
    expect(specs).toEqual([
      "base/smoke.yaml",
      ...["api", "chat", "knowledge", "npu", "rag", "research"].map((name) => `images/${name}/smoke.yaml`),
      ...["agents/echo", "agents/notes", "api", "base"].map((name) => `test/fixtures/workspace/${name}/smoke.yaml`),
    ]);
  });

  it.each(specs)("%s parses", (file) => {
    const spec = loadSmokeSpec(join(repoRoot, file));
    expect(spec.commandTests.length + spec.fileExistenceTests.length + spec.serviceTests.length).toBeGreaterThan(0);
  });
});
