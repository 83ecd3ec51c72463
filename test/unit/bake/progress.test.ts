import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { BuildProgress, JsonObjectStream, renderVertex, targetOf } from "../../../scripts/bake/progress.ts";
import { parseMetadata } from "../../../scripts/bake/metadata.ts";

const raw = readFileSync("test/fixtures/bake/echo-agent.rawjson", "utf8");
const targets = ["python-agent-base", "echo-agent"];

function replay(chunkSize: number): BuildProgress {
  const stream = new JsonObjectStream();
  const progress = new BuildProgress();
  for (let i = 0; i < raw.length; i += chunkSize)
    stream.push(raw.slice(i, i + chunkSize)).forEach((status) => progress.apply(status));
  return progress;
}

describe("rawjson progress", () => {
  // Five build steps: the base's four (RUN, RUN, COPY, WORKDIR) and the agent's COPY. BuildKit reports
  // a step both targets share under one of their names; in this capture that makes the split 3 + 2.
  const expected = { "python-agent-base": { total: 3, cached: 3 }, "echo-agent": { total: 2, cached: 2 } };

  test.each([1, 7, 4096, raw.length])("gives the same steps whatever the chunking (%i)", (size) => {
    expect(replay(size).stepCounts(targets)).toEqual(expected);
  });

  test("counts only build steps, and every step of a cached rebuild is cached", () => {
    const counts = replay(1000).stepCounts(targets);
    const total = Object.values(counts).reduce((sum, c) => sum + c.total, 0);
    const cached = Object.values(counts).reduce((sum, c) => sum + c.cached, 0);
    expect(total).toBeGreaterThan(3);
    expect(cached).toBe(total);
  });

  test("a single-target build has unprefixed names, all of them that target's", () => {
    const progress = new BuildProgress();
    new JsonObjectStream()
      .push(readFileSync("test/fixtures/bake/api-debian.rawjson", "utf8"))
      .forEach((status) => progress.apply(status));
    expect(progress.stepCounts(["api-debian"])).toEqual({ "api-debian": { total: 13, cached: 13 } });
  });

  test.each([
    ["[echo-agent 2/5] RUN x", ["python-agent-base", "echo-agent"], "echo-agent"],
    ["[build 2/5] RUN x", ["api-debian"], "api-debian"],
    ["[build 2/5] RUN x", ["a", "b"], undefined],
    ["[internal] load", ["a", "b"], undefined],
  ])("targetOf(%j, %j) = %j", (name, names, target) => {
    expect(targetOf(name, names)).toBe(target);
  });

  test("keeps strings with braces intact", () => {
    const stream = new JsonObjectStream();
    expect(stream.push('{"a":"}{\\"')).toEqual([]);
    expect(stream.push('"}\n{"b":1}')).toEqual([{ a: '}{"' }, { b: 1 }]);
  });

  test.each([
    [{ digest: "d", name: "[a 1/2] RUN x", cached: true, completed: "2026-01-01T00:00:01Z" }, "CACHED [a 1/2] RUN x"],
    [
      {
        digest: "d",
        name: "[a 1/2] RUN x",
        cached: false,
        started: "2026-01-01T00:00:00Z",
        completed: "2026-01-01T00:00:02.5Z",
      },
      "DONE 2.5s [a 1/2] RUN x",
    ],
    [
      { digest: "d", name: "[a 1/2] RUN x", cached: false, completed: "2026-01-01T00:00:01Z", error: "exit 1" },
      "ERROR [a 1/2] RUN x: exit 1",
    ],
    [{ digest: "d", name: "[a 1/2] RUN x", cached: false }, undefined],
  ])("renderVertex %#", (vertex, line) => {
    expect(renderVertex(vertex)).toBe(line);
  });
});

describe("metadata file", () => {
  test("gives digest and names per target", () => {
    const results = parseMetadata(readFileSync("test/fixtures/bake/echo-agent.metadata.json", "utf8"), "m.json");
    expect(results["echo-agent"]).toEqual({
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      names: ["127.0.0.1:5000/fixture/echo-agent:dev"],
    });
    expect(Object.keys(results).sort()).toEqual(["echo-agent", "python-agent-base"]);
  });

  test("rejects a file that is not JSON", () => {
    expect(() => parseMetadata("{", "m.json")).toThrow(/not JSON/);
  });
});

describe("image export", () => {
  const vertex = (digest: string, name: string, completed?: string, error?: string) => ({
    vertexes: [{ digest, name, ...(completed ? { completed } : {}), ...(error ? { error } : {}) }],
  });
  const at = "2026-12-07T16:42:46.082Z";

  test("every target's image export completed: their images have their names", () => {
    const progress = new BuildProgress();
    progress.apply(vertex("a", "[echo-agent] exporting to image", at));
    expect(progress.imagesExported(["echo-agent", "notes-agent"])).toBe(false);
    progress.apply(vertex("b", "[notes-agent] exporting to image"));
    expect(progress.imagesExported(["echo-agent", "notes-agent"])).toBe(false);
    progress.apply(vertex("b", "[notes-agent] exporting to image", at));
    expect(progress.imagesExported(["echo-agent", "notes-agent"])).toBe(true);
  });

  test("a failed export, a cache export or another exporter's step does not count", () => {
    const progress = new BuildProgress();
    progress.apply(vertex("a", "[echo-agent] exporting to image", at, "failed to export"));
    progress.apply(vertex("b", "[echo-agent] exporting cache to client directory", at));
    progress.apply(vertex("c", "[echo-agent] exporting to docker image format", at));
    expect(progress.imagesExported(["echo-agent"])).toBe(false);
  });

  test("one target's steps carry no prefix", () => {
    const progress = new BuildProgress();
    progress.apply(vertex("a", "exporting to image", at));
    expect(progress.imagesExported(["echo-agent"])).toBe(true);
    expect(progress.imagesExported(["echo-agent", "notes-agent"])).toBe(false);
  });
});
