// Local image facts: the engine API's body and the CLI's JSON lines parse to the same shape; fakes only.
import { expect, test } from "vitest";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import { inspectEach, inspectLocal, localImageOf, parseInspectLines } from "../../../scripts/bake/local-image.ts";
import type { EngineCall } from "../../../scripts/process/engine-api.ts";
import type { Exec } from "../../../scripts/process/exec.ts";

const image = { id: "sha256:a", size: 42, labels: { "dev.images.input-hash": "h" }, names: ["a:dev"] };
const body = JSON.stringify({ Id: "sha256:a", Size: 42, Config: { Labels: image.labels }, RepoTags: ["a:dev"] });

test("the API body and the CLI line give the same facts", () => {
  expect(localImageOf(body)).toEqual(image);
  expect(parseInspectLines(`${JSON.stringify(image)}\n${JSON.stringify({ ...image, id: "sha256:b" })}\n`)).toEqual([
    image,
    { ...image, id: "sha256:b" },
  ]);
});

function context(status: number): { ctx: CommandContext; argvs: string[][] } {
  const argvs: string[][] = [];
  const exec: Exec = (argv) => {
    argvs.push([...argv]);
    return Promise.resolve({ argv, exitCode: 0, stdout: `${JSON.stringify(image)}\n`, stderr: "" });
  };
  const engine: EngineCall = () => Promise.resolve({ status, body });
  return { ctx: { exec, engine } as unknown as CommandContext, argvs };
}

test.each([
  [200, [image], 0],
  [404, undefined, 0],
  [500, [image], 1],
])("engine answers %i: %j, %i processes", async (status, expected, spawned) => {
  const { ctx, argvs } = context(status);
  expect(await inspectLocal(ctx, ["a:dev"])).toEqual(expected);
  expect(argvs).toHaveLength(spawned);
});

test("an image with no tags (dangling) has no names, from either door", () => {
  expect(localImageOf(JSON.stringify({ Id: "sha256:c", Size: 1, RepoTags: null })).names).toEqual([]);
  expect(parseInspectLines('{"id":"sha256:c","size":1,"labels":null,"names":null}\n')[0]?.names).toEqual([]);
});

test.each([
  [200, [image, image], 0],
  [404, [undefined, undefined], 0],
  [500, [image, image], 2],
])("inspectEach, engine answers %i: %j, %i processes", async (status, expected, spawned) => {
  const { ctx, argvs } = context(status);
  expect(await inspectEach(ctx.exec, ctx.engine, ["a:dev", "a:main"])).toEqual(expected);
  expect(argvs).toHaveLength(spawned);
});
