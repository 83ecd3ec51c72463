// The restore points' engine API forms (pure) and the tag store's choice between API and CLI (fakes, no socket).
import { expect, test } from "vitest";
import { engineRequests, splitRef } from "../../../scripts/bake/tag-restore.ts";
import { tagStore } from "../../../scripts/bake/tag-store.ts";
import { engineSocket, sharingReads, type EngineCall } from "../../../scripts/process/engine-api.ts";
import type { Exec } from "../../../scripts/process/exec.ts";

const id = `sha256:${"a".repeat(64)}`;

test.each([
  ["127.0.0.1:5000/fixture/echo:dev", { repo: "127.0.0.1:5000/fixture/echo", tag: "dev" }],
  ["127.0.0.1:5000/fixture/echo", { repo: "127.0.0.1:5000/fixture/echo", tag: "latest" }],
  ["images-restore-point:12-0", { repo: "images-restore-point", tag: "12-0" }],
])("splitRef(%s)", (ref, expected) => {
  expect(splitRef(ref)).toEqual(expected);
});

test("docker tag and docker image rm argvs become engine requests; other argvs do not", () => {
  expect(engineRequests(["docker", "tag", id, "r:5000/a:dev"])).toEqual([
    { method: "POST", path: `/images/${encodeURIComponent(id)}/tag?repo=r%3A5000%2Fa&tag=dev` },
  ]);
  expect(engineRequests(["docker", "image", "rm", "a:1", "b:2"])).toEqual([
    { method: "DELETE", path: "/images/a%3A1" },
    { method: "DELETE", path: "/images/b%3A2" },
  ]);
  expect(engineRequests(["docker", "image", "ls"])).toBeUndefined();
  expect(engineRequests(["git", "tag", "x", "y"])).toBeUndefined();
});

test.each([
  [{}, "/var/run/docker.sock"],
  [{ DOCKER_HOST: "unix:///run/user/1/docker.sock" }, "/run/user/1/docker.sock"],
  [{ DOCKER_HOST: "tcp://10.0.0.1:2375" }, undefined],
  [{ DOCKER_CONTEXT: "remote" }, undefined],
])("engineSocket(%j)", (env, expected) => {
  expect(engineSocket(env, () => true)).toBe(expected);
});

test("engineSocket is undefined when the socket file is missing", () => {
  expect(engineSocket({}, () => false)).toBeUndefined();
});

function fakes(status: number): { exec: Exec; engine: EngineCall; argvs: string[][]; calls: string[] } {
  const argvs: string[][] = [];
  const calls: string[] = [];
  const exec: Exec = (argv) => {
    argvs.push([...argv]);
    const stdout = `${JSON.stringify({ id, size: 1, labels: null, names: ["a:dev"] })}\n`;
    return Promise.resolve({ argv, exitCode: 0, stdout, stderr: "" });
  };
  const engine: EngineCall = (method, path) => {
    calls.push(`${method} ${path}`);
    return Promise.resolve({ status, body: JSON.stringify({ Id: id, Size: 1, RepoTags: ["a:dev"] }) });
  };
  return { exec, engine, argvs, calls };
}

test("with the engine API, tagging and inspecting spawn nothing", async () => {
  const world = fakes(201);
  const store = tagStore(world.exec, world.engine);
  await store.run([["docker", "tag", id, "images-restore-point:1-0"]]);
  expect(world.calls).toHaveLength(1);
  expect(world.argvs).toEqual([]);
  const found = fakes(200);
  expect(await tagStore(found.exec, found.engine).inspect(["a:dev"])).toEqual({
    "a:dev": { id, size: 1, labels: null, names: ["a:dev"] },
  });
  expect(found.argvs).toEqual([]);
});

test("an engine error falls back to the same argv through exec; without the API, exec does it all", async () => {
  const failing = fakes(500);
  await tagStore(failing.exec, failing.engine).run([["docker", "image", "rm", "x:1"]]);
  expect(failing.argvs).toEqual([["docker", "image", "rm", "x:1"]]);
  const cli = fakes(200);
  expect(await tagStore(cli.exec).inspect(["a:dev"])).toEqual({
    "a:dev": { id, size: 1, labels: null, names: ["a:dev"] },
  });
  expect(cli.argvs[0]?.slice(0, 3)).toEqual(["docker", "image", "inspect"]);
  expect(cli.calls).toEqual([]);
});

test("a 404 needs no CLI: tagging a missing name did nothing, untagging a gone one is done", async () => {
  const missing = fakes(404);
  const store = tagStore(missing.exec, missing.engine);
  expect(await store.run([["docker", "tag", "x:1", "images-restore-point:1-0"]])).toEqual([false]);
  expect(await store.run([["docker", "image", "rm", "images-restore-point:1-0"]])).toEqual([true]);
  expect(missing.argvs).toEqual([]);
});

test("identical GETs in flight share one request; other methods and later reads go to the engine", async () => {
  const calls: string[] = [];
  let answer: (() => void) | undefined;
  const engine: EngineCall = (method, path) => {
    calls.push(`${method} ${path}`);
    return new Promise((resolve) => {
      answer = () => resolve({ status: 200, body: "{}" });
    });
  };
  const shared = sharingReads(engine);
  const both = Promise.all([shared("GET", "/images/a/json"), shared("GET", "/images/a/json")]);
  answer?.();
  await both;
  void shared("DELETE", "/images/a");
  void shared("GET", "/images/a/json");
  expect(calls).toEqual(["GET /images/a/json", "DELETE /images/a", "GET /images/a/json"]);
});
