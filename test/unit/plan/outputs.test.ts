import { describe, expect, test } from "vitest";
import { csvFields, outcome, parseOutput, targetKind } from "../../../scripts/plan/outputs.ts";

// Each row: what buildx 0.13's ParseExports makes of the entry.
describe("parseOutput reads outputs as buildx does", () => {
  test.each([
    ["./bin/build", { type: "local", dest: "./bin/build", attrs: {} }],
    [".", { type: "local", dest: ".", attrs: {} }],
    ["-", { type: "tar", dest: "-", attrs: {} }],
    ["type=cacheonly", { type: "cacheonly", attrs: {} }],
    ["type=local,dest=./docs", { type: "local", dest: "./docs", attrs: {} }],
    ["type=registry", { type: "image", attrs: { push: "true" } }],
    ["type=registry,push=false", { type: "image", attrs: { push: "false" } }],
    ["type=oci,dest=out.tar,tar=false", { type: "oci", dest: "out.tar", attrs: { tar: "false" } }],
    [" TYPE=docker, Name=a/b", { type: "docker", attrs: { name: "a/b" } }],
    ['type=image,"name=a/b:1,a/b:2",push=true', { type: "image", attrs: { name: "a/b:1,a/b:2", push: "true" } }],
    ['type=local,"dest=quoted ""dir"""', { type: "local", dest: 'quoted "dir"', attrs: {} }],
    // One field, not starting with type=: a folder, whatever it looks like.
    ["dest=./out", { type: "local", dest: "dest=./out", attrs: {} }],
  ])("%j", (entry, expected) => {
    expect(parseOutput(entry, "t")).toEqual(expected);
  });

  test.each([
    ["dest=./out,push=true", /target "t": output "dest=.\/out,push=true" is invalid: type is required for output/],
    ["type=local,nonsense", /invalid value nonsense/],
    ['type=local,"dest=open', /extraneous or missing "/],
    ['type=local,dest="x"', /bare "/],
    ['type=lo"cal', /bare "/],
    ['"./bin"', /invalid value \.\/bin/],
  ])("refuses %j as buildx would", (entry, message) => {
    expect(() => parseOutput(entry, "t")).toThrow(message);
  });
});

test("csvFields splits one record like Go's encoding/csv", () => {
  expect(csvFields('a,"b,c",,"d""e"')).toEqual(["a", "b,c", "", 'd"e']);
});

describe("a target's kind follows its outputs", () => {
  test.each([
    [[], "image"],
    [["type=image"], "image"],
    [["type=registry"], "image"],
    [["type=docker"], "image"],
    [["type=cacheonly"], "check"],
    [["./bin/build"], "files"],
    [["type=tar,dest=x.tar"], "files"],
    [["type=oci,dest=x.tar"], "files"],
    [["type=image", "type=local,dest=out"], "files"],
  ])("%j → %s", (entries, kind) => {
    expect(targetKind(entries.map((entry) => parseOutput(entry, "t")))).toBe(kind);
  });

  test.each([
    [["type=cacheonly"], "check passed"],
    [["./bin/build"], "files written to ./bin/build"],
    [["type=tar,dest=dist/site.tar"], "tarball written to dist/site.tar"],
    [["type=oci,dest=o.tar"], "OCI layout tarball written to o.tar"],
    [["-"], "tarball written to stdout"],
  ])("%j: %s", (entries, text) => {
    const parsed = entries.map((entry) => parseOutput(entry, "t"));
    expect(outcome(targetKind(parsed), parsed)).toBe(text);
  });
});
