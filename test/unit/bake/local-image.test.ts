// Local image facts: the engine API's body and the CLI's JSON lines parse to the same shape; fakes only.
import { expect, test } from "vitest";
import type { CommandContext } from "../../../scripts/cli/command.ts";
import { inspectLocal, localImageOf, parseInspectLines } from "../../../scripts/bake/local-image.ts";
import type { EngineCall } from "../../../scripts/process/engine-api.ts";
import type { Exec } from "../../../scripts/process/exec.ts";

const image = { id: "sha256:a", size: 42, labels: { "dev.images.input-hash": "h" } };

test("the API body and the CLI line give the same facts", () => {
  expect(localImageOf(JSON.stringify({ Id: "sha256:a", Size: 42, Config: { Labels: image.labels } }))).toEqual(image);
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
  const engine: EngineCall = () =>
    Promise.resolve({ status, body: JSON.stringify({ Id: "sha256:a", Size: 42, Config: { Labels: image.labels } }) });
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
