// .dockerignore as Docker reads it: the cases of Docker's documentation (build context page) and
// the behaviours moby/patternmatcher defines, each as patterns → path → sent to the builder or not.
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import {
  cleanPath,
  ignoreFileFor,
  isIncluded,
  parseDockerignore,
  readIgnoreLines,
} from "../../../scripts/plan/dockerignore.ts";

const cases: [ignore: string, path: string, sent: boolean][] = [
  // Docker's documented example: */temp*, */*/temp*, temp?
  ["*/temp*", "somedir/temporary.txt", false],
  ["*/temp*", "somedir/temp/inner.txt", false],
  ["*/temp*", "temporary.txt", true],
  ["*/*/temp*", "somedir/subdir/temporary.txt", false],
  ["temp?", "tempa", false],
  ["temp?", "temp", true],
  ["temp?", "tempab", true],
  ["**/*.go", "main.go", false],
  ["**/*.go", "a/b/c.go", false],
  // Exceptions, last match wins (documented *.md / README examples).
  ["*.md\n!README.md", "README.md", true],
  ["*.md\n!README.md", "CHANGES.md", false],
  ["*.md\n!README.md", "docs/guide.md", true],
  ["*.md\n!README*.md\nREADME-secret.md", "README-secret.md", false],
  ["*.md\n!README*.md\nREADME-secret.md", "README-public.md", true],
  ["*.md\nREADME-secret.md\n!README*.md", "README-secret.md", true],
  ["logs\n!logs/keep.txt", "logs/keep.txt", true],
  ["logs\n!logs/keep.txt", "logs/other.txt", false],
  // Character classes (the case), escapes and Go regexp details patternmatcher passes through.
  ["*\n![ab].txt", "a.txt", true],
  ["*\n![ab].txt", "c.txt", false],
  ["[^a].txt", "b.txt", false],
  ["[^a].txt", "a.txt", true],
  ["[[:digit:]].txt", "1.txt", false],
  ["\\*.txt", "*.txt", false],
  ["\\*.txt", "a.txt", true],
  ["a+b.txt", "a+b.txt", false],
  ["a+b.txt", "aab.txt", true],
  ["(x).txt", "(x).txt", false],
  ["{a,b}.txt", "a.txt", true],
  ["*.MD", "a.md", true],
  // `*` and `?` stay within one folder; a folder match covers what is below it.
  ["*.txt", "d/x.txt", true],
  ["a?b", "a/b", true],
  ["a/*/c", "a/b/c/d", false],
  // Leading `/`, path cleaning (filepath.Clean), and whitespace.
  ["/build", "build/out.txt", false],
  ["/build", "src/build/out.txt", true],
  ["./foo/../bar", "bar/x", false],
  ["bar//baz/", "bar/baz/x", false],
  ["  spaced.txt  ", "spaced.txt", false],
  ["! keep.txt", "keep.txt", true],
  // `**` forms: prefix, suffix, everything.
  ["foo/**", "foo/a/b", false],
  ["foo/**", "foobar", true],
  ["**/foo", "foo", false],
  ["**/foo", "a/b/foo", false],
  ["**/foo", "foo/x", false],
  ["**foo", "barfoo", false],
  ["**\n!keep", "keep", true],
  ["**\n!keep", "other/x", false],
  // Comments only at column 1; a byte-order mark is not part of the first pattern.
  ["# secret.txt", "secret.txt", true],
  [" #secret.txt", "#secret.txt", false],
  ["\uFEFFsecret.txt", "secret.txt", false],
];

describe(".dockerignore matching", () => {
  test.each(cases)("%j: %s sent: %s", (ignore, path, sent) => {
    expect(isIncluded(path, parseDockerignore(ignore))).toBe(sent);
  });
});

describe("reading and rejecting patterns", () => {
  test("ignorefile: comments and blanks dropped, leading / and ./ cleaned, ! kept in front", () => {
    expect(readIgnoreLines("# c\n\n/a/\n!./b/../c\n  d  \n").map((l) => [l.line, l.pattern])).toEqual([
      [3, "a"],
      [4, "!c"],
      [5, "d"],
    ]);
  });

  test.each([
    ["a/./b/", "a/b"],
    ["../x", "../x"],
    ["/..", "/"],
    ["", "."],
    ["a//b", "a/b"],
  ])("cleanPath(%j) is %j, as Go's filepath.Clean", (path, clean) => {
    expect(cleanPath(path)).toBe(clean);
  });

  test.each([
    ["ok\n[a", 2, /syntax error in pattern "\[a"/],
    ["!", 1, /illegal exclusion pattern/],
    ["a\\", 1, /ends with an escaping/],
    ["[]a]", 1, /class/],
    ["[a-]", 1, /class/],
  ])("%j is rejected at line %i, as docker build rejects it", (text, line, message) => {
    const error = rejection(text);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).line).toBe(line);
  });
});

function rejection(text: string): unknown {
  try {
    parseDockerignore(text, "ctx/.dockerignore");
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("which ignore file", () => {
  const files: Record<string, string> = {
    "/ctx/.dockerignore": "*.md\n",
    "/ctx/app/app.Dockerfile.dockerignore": "*.txt\n",
    "/ctx/app/empty.Dockerfile.dockerignore": "",
  };
  const read = (path: string): string | undefined => files[path];

  test("<Dockerfile>.dockerignore beside the Dockerfile takes precedence over the context's", () => {
    expect(ignoreFileFor("/ctx", "/ctx/app/app.Dockerfile", read)?.file).toBe("/ctx/app/app.Dockerfile.dockerignore");
  });

  test.each(["/ctx/Dockerfile", "/ctx/app/empty.Dockerfile"])(
    "without one (or with an empty one), %s uses the context's .dockerignore",
    (dockerfile) => {
      expect(ignoreFileFor("/ctx", dockerfile, read)?.file).toBe("/ctx/.dockerignore");
    },
  );
});
