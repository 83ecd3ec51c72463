// A failed local build puts the tags it moved back: the planner is pure, its argv is data.
import { expect, test } from "vitest";
import type { BuildPlan } from "../../../scripts/plan/plan.ts";
import {
  listTagsArgv,
  loadedRefs,
  parseTagList,
  releaseArgv,
  restoreCommands,
  restorePoints,
  staleRestorePoints,
} from "../../../scripts/bake/tag-restore.ts";

const old = `sha256:${"a".repeat(64)}`;
const fresh = `sha256:${"b".repeat(64)}`;

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
  expect(listTagsArgv(["a:dev", "a:local"])).toEqual([
    "docker",
    "image",
    "ls",
    "--no-trunc",
    "--format",
    "{{.Repository}}:{{.Tag}}\t{{.ID}}",
    "--filter",
    "reference=a:dev",
    "--filter",
    "reference=a:local",
    "--filter",
    "reference=images-restore-point:*",
  ]);
});

test("docker image ls lines → ref and image ID; untagged rows are ignored", () => {
  expect(parseTagList(`127.0.0.1:5000/images/api:dev\t${old}\n<none>:<none>\t${fresh}\n\n`)).toEqual({
    "127.0.0.1:5000/images/api:dev": old,
  });
});

test("a restore point named after this process holds each ref's image: moving the ref cannot delete it", () => {
  expect(restorePoints(["r/api:dev", "r/api:main"], 4242)).toEqual({
    names: ["images-restore-point:4242-0", "images-restore-point:4242-1"],
    argvs: [
      ["docker", "tag", "r/api:dev", "images-restore-point:4242-0"],
      ["docker", "tag", "r/api:main", "images-restore-point:4242-1"],
    ],
  });
  expect(restorePoints([], 4242)).toEqual({ names: [], argvs: [] });
});

test("after a failed build: each held ref goes back to its restore point's image, one without is removed", () => {
  const refs = ["x/api:dev", "x/api:local"];
  const points = restorePoints(refs, 7);
  expect(restoreCommands(refs, points, [true, false])).toEqual([
    ["docker", "tag", "images-restore-point:7-0", "x/api:dev"],
    ["docker", "image", "rm", "x/api:local"],
  ]);
});

test("restore points of processes that are gone are released with this run's; a live run's are left alone", () => {
  const listed = {
    "images-restore-point:11-0": old,
    "images-restore-point:12-0": fresh,
    "r/api:dev": old,
    "images-restore-point:junk": old,
  };
  expect(staleRestorePoints(listed, (pid) => pid === 12)).toEqual(["images-restore-point:11-0"]);
  expect(releaseArgv(["images-restore-point:4242-0", "images-restore-point:11-0"])).toEqual([
    "docker",
    "image",
    "rm",
    "images-restore-point:4242-0",
    "images-restore-point:11-0",
  ]);
  expect(releaseArgv([])).toBeUndefined();
});
