// Every smoke.yaml in the repository parses: the agent images cannot be built here (no PyPI),
// so this is the check their specs get outside CI.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSmokeSpec } from "../../../scripts/smoke/spec-parse.ts";
import { repoRoot } from "./fixtures.ts";

const folders = [
  "base",
  ...["chat", "rag", "npu", "research", "knowledge", "api"].map((name) => `images/${name}`),
  ...readdirSync(join(repoRoot, "test/fixtures/workspace"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((entry) => {
    const folder = `test/fixtures/workspace/${entry.name}`;
    return existsSync(join(repoRoot, folder, "smoke.yaml")) ? [folder] : readdirSync(join(repoRoot, folder)).map((sub) => `${folder}/${sub}`);
  }),
];
const specs = folders.map((folder) => join(folder, "smoke.yaml")).filter((file) => existsSync(join(repoRoot, file)));

describe("repository smoke specs", () => {
  it("covers the base, every agent, the API and the fixture images", () => {
    expect(specs.length).toBeGreaterThanOrEqual(4);
  });

  it.each(specs)("%s parses", (file) => {
    const spec = loadSmokeSpec(join(repoRoot, file));
    expect(spec.commandTests.length + spec.fileExistenceTests.length + spec.serviceTests.length).toBeGreaterThan(0);
  });
});
