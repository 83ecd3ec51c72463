// The argument-scan cache changes how often dockerfile-ast scans an instruction, never what it answers.
// Each test file runs in a fresh process (vitest's isolated forks), so nothing is patched before line 1.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DockerfileParser, ModifiableInstruction, Run } from "dockerfile-ast";
import { expect, test } from "vitest";
import { cacheArgumentScan, installArgumentCache } from "../../../scripts/lint/dockerfile/ast-cache.ts";

const inline = [
  "FROM --platform=linux/amd64 debian:12 AS build",
  "ARG VERSION=1",
  "RUN --mount=type=cache,target=/var/cache/apt \\",
  "    apt-get update && \\",
  "    # a comment between continuation lines",
  "    apt-get install -y curl",
  "COPY --chown=1000:1000 --from=build /src /dst",
  "RUN <<EOF",
  "set -e",
  "echo $VERSION",
  "EOF",
  'CMD ["node", "server.js"]',
  "ONBUILD RUN echo $VERSION",
  "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1",
  "",
].join("\n");

const dir = join(import.meta.dirname, "..", "..", "fixtures", "lint");
const corpus = [
  inline,
  ...readdirSync(dir)
    .filter((name) => name.endsWith(".Dockerfile"))
    .sort()
    .map((name) => readFileSync(join(dir, name), "utf8")),
];

/** Everything dockerfile-ast derives from an instruction's argument scan, asked twice. */
function observe(text: string): unknown[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .flatMap((node) => [1, 2].map(() => node))
    .map((node) => ({
      args: node.getArguments().map((arg) => [arg.getValue(), arg.getRange()]),
      content: node.getArgumentsContent(),
      raw: node.getRawArgumentsContent(),
      ranges: node.getArgumentsRanges(),
      text: node.toString(),
      variables: node.getVariables().map((variable) => [variable.getName(), variable.getRange()]),
      flags:
        node instanceof ModifiableInstruction ? node.getFlags().map((flag) => [flag.getName(), flag.getValue()]) : [],
      heredocs: node instanceof Run ? node.getHeredocs().map((doc) => [doc.getName(), doc.getContentRange()]) : [],
    }));
}

const uncached = corpus.map(observe);

test("the installed cache answers exactly as the uncached scan did", () => {
  expect(installArgumentCache()).toBe("installed");
  expect(corpus.map(observe)).toEqual(uncached);
});

test("installing again patches nothing more", () => {
  installArgumentCache();
  const patched: unknown = Reflect.get(ModifiableInstruction.prototype, "getRawArguments");
  expect(installArgumentCache()).toBe("already-installed");
  expect(Reflect.get(ModifiableInstruction.prototype, "getRawArguments")).toBe(patched);
});

test("callers get their own copy of the cached arguments", () => {
  installArgumentCache();
  const run = DockerfileParser.parse("RUN --network=none echo a b\n").getInstructions()[0];
  const first = run?.getArguments() ?? [];
  first.length = 0;
  // ModifiableInstruction.getArguments shifts the flag off its copy: a shared array would lose `echo` here.
  expect(run?.getArguments().map((arg) => arg.getValue())).toEqual(["echo", "a", "b"]);
  expect(run?.getArguments()).not.toBe(run?.getArguments());
});

class Scanner {
  scans = 0;
  getRawArguments(): number[] {
    this.scans += 1;
    return [this.scans];
  }
}

test("each instance is scanned once, each call gets a fresh array", () => {
  expect(cacheArgumentScan(Scanner.prototype)).toBe("installed");
  const [one, two] = [new Scanner(), new Scanner()];
  const calls = [one.getRawArguments(), one.getRawArguments(), two.getRawArguments()];
  expect(calls).toEqual([[1], [1], [1]]);
  expect(calls[0]).not.toBe(calls[1]);
  expect([one.scans, two.scans]).toEqual([1, 1]);
});

test("a dockerfile-ast without the private scan is left unpatched", () => {
  class Future {
    getArguments(): string[] {
      return ["a"];
    }
  }
  expect(cacheArgumentScan(Future.prototype)).toBe("unavailable");
  expect(Object.getOwnPropertyNames(Future.prototype)).toEqual(["constructor", "getArguments"]);
  expect(new Future().getArguments()).toEqual(["a"]);
});
