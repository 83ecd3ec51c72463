// A failed local build puts the tags it moved back: the planner is pure, its argv is data.
import { expect, test } from "vitest";
import type { BuildPlan } from "../../../scripts/plan/plan.ts";
import {
  firstRefs,
  leftRestorePoints,
  loadedRefs,
  parseRestorePoints,
  releaseArgv,
  removalsAfter,
  restoreCommands,
  restorePoints,
  tagsKnown,
  type TagsBefore,
} from "../../../scripts/bake/tag-restore.ts";

const old = `sha256:${"a".repeat(64)}`;
const other = `sha256:${"b".repeat(64)}`;

test("the tags of targets loaded into the engine, each once; pushed targets write none locally", () => {
  const target = (name: string, output: string, tags: string[]) =>
    ({ name, output: [output], tags }) as unknown as BuildPlan["targets"][number];
  const plan = {
    schemaVersion: 1,
    targets: [
      target("api", "type=docker", ["127.0.0.1:5000/images/api:dev", "127.0.0.1:5000/images/api:local"]),
      target("base", "type=docker", ["127.0.0.1:5000/images/api:dev"]),
      target("web", "type=image,push=true", ["r/web:1"]),
    ],
  } as BuildPlan;
  expect(loadedRefs(plan)).toEqual(["127.0.0.1:5000/images/api:dev", "127.0.0.1:5000/images/api:local"]);
  expect(firstRefs(plan)).toEqual(["127.0.0.1:5000/images/api:dev"]);
});

test("an inspected image answers for every ref it names; the refs it does not name are asked next", () => {
  const refs = ["r/api:dev", "r/api:main", "r/api:sha-1", "r/web:dev", "r/web:main"];
  const inspected: TagsBefore = {
    "r/api:dev": { id: old, names: ["r/api:dev", "r/api:main"] },
    "r/web:dev": undefined,
  };
  expect(tagsKnown(refs, inspected)).toEqual({
    before: {
      "r/api:dev": inspected["r/api:dev"],
      "r/api:main": inspected["r/api:dev"],
      "r/web:dev": undefined,
    },
    unknown: ["r/api:sha-1", "r/web:main"],
  });
});

test("one restore point per image that bake could leave nameless, named after this process", () => {
  const refs = ["r/api:dev", "r/api:main", "r/base:dev", "r/new:dev"];
  const before: TagsBefore = {
    "r/api:dev": { id: old, names: ["r/api:dev", "r/api:main"] },
    "r/api:main": { id: old, names: ["r/api:dev", "r/api:main"] },
    // An older commit's tag is not written by this bake: it keeps the image alive on its own.
    "r/base:dev": { id: other, names: ["r/base:dev", "r/base:sha-1234567"] },
    "r/new:dev": undefined,
  };
  expect(restorePoints(refs, before, 4242)).toEqual({
    names: ["images-restore-point:4242-0"],
    argvs: [["docker", "tag", old, "images-restore-point:4242-0"]],
  });
  expect(restorePoints([], {}, 4242)).toEqual({ names: [], argvs: [] });
});

test("restore points a run that is gone left on the images are found, and do not keep an image on their own", () => {
  const before: TagsBefore = {
    "r/api:dev": { id: old, names: ["r/api:dev", "images-restore-point:111-0", "images-restore-point:222-1"] },
    "r/base:dev": { id: other, names: ["r/base:dev", "docker.io/library/images-restore-point:111-1"] },
    "r/new:dev": undefined,
  };
  const alive = (pid: number): boolean => pid === 222;
  const left = leftRestorePoints(before, alive);
  expect(left).toEqual(["images-restore-point:111-0", "docker.io/library/images-restore-point:111-1"]);
  // 222 still runs: its restore point keeps the api image, so this run takes none for it.
  expect(restorePoints(["r/api:dev", "r/base:dev", "r/new:dev"], before, 4242, left)).toEqual({
    names: ["images-restore-point:4242-0"],
    argvs: [["docker", "tag", other, "images-restore-point:4242-0"]],
  });
  expect(
    leftRestorePoints({ "r/api:dev": { id: old, names: ["r/api:dev", "x/images-restore-point:1-0"] } }, alive),
  ).toEqual([]);
});

test("after a failed build: each ref goes back to its old image by ID, one that did not exist is removed", () => {
  const refs = ["x/api:dev", "x/api:local"];
  const before: TagsBefore = { "x/api:dev": { id: old, names: ["x/api:dev"] }, "x/api:local": undefined };
  const commands = restoreCommands(refs, before);
  expect(commands).toEqual([
    ["docker", "tag", old, "x/api:dev"],
    ["docker", "image", "rm", "x/api:local"],
  ]);
  // The old image is gone (its tag back failed): the ref is removed rather than left on the new image.
  expect(removalsAfter(commands, [false, true])).toEqual([["docker", "image", "rm", "x/api:dev"]]);
  expect(removalsAfter(commands, [true, false])).toEqual([]);
});

test("a killed run's restore-points file gives its names; anything else in it is ignored", () => {
  expect(parseRestorePoints('["images-restore-point:11-0","r/api:dev",7,"images-restore-point:junk"]')).toEqual([
    "images-restore-point:11-0",
  ]);
  expect(parseRestorePoints("not json")).toEqual([]);
  expect(parseRestorePoints('{"a":1}')).toEqual([]);
  expect(releaseArgv(["images-restore-point:4242-0", "images-restore-point:11-0"])).toEqual([
    "docker",
    "image",
    "rm",
    "images-restore-point:4242-0",
    "images-restore-point:11-0",
  ]);
  expect(releaseArgv([])).toBeUndefined();
});
