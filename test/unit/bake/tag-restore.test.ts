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

test(
  "after a failed build: a moved tag goes back to its old " + "image, a new one is removed, the rest is left alone",
  () => {
    const refs = ["x/api:dev", "x/api:local", "x/web:dev"];
    const before = { "x/api:dev": old, "x/web:dev": old };
    const after = { "x/api:dev": fresh, "x/api:local": fresh, "x/web:dev": old };
    expect(restoreCommands(refs, before, after)).toEqual([
      ["docker", "tag", old, "x/api:dev"],
      ["docker", "image", "rm", "x/api:local"],
    ]);
  },
);

test("a restore point named after this process holds each previous image: moving its tags cannot delete it", () => {
  const before = { "r/api:dev": old, "r/api:main": old, "r/base:dev": fresh };
  expect(restorePoints(before, 4242)).toEqual({
    names: ["images-restore-point:4242-0", "images-restore-point:4242-1"],
    argvs: [
      ["docker", "tag", old, "images-restore-point:4242-0"],
      ["docker", "tag", fresh, "images-restore-point:4242-1"],
    ],
  });
  expect(restorePoints({}, 4242)).toEqual({ names: [], argvs: [] });
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
