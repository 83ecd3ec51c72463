// Patterns as Go's regexp (RE2) reads them, which is what container-structure-test uses. Each row is
// Go's answer; the comment says where JavaScript's RegExp answers differently or differs in kind.
import { describe, expect, it } from "vitest";
import { compileGoRegex, matchesGoRegex } from "../../../scripts/smoke/go-regex.ts";

const table: [pattern: string, text: string, matches: boolean][] = [
  ["[[:digit:]]+", "abc123", true], // JS: a class of "[:digt" then "]+"
  ["^[[:alpha:]]+$", "Hello", true],
  ["[[:^digit:]]", "5", false],
  ["\\pL+", "héllo", true], // JS without /u: a literal "pL"
  ["^\\p{Greek}+$", "αβγ", true],
  ["\\pN", "5", true],
  ["(?P<word>\\w+) world", "hello world", true], // JS: syntax error
  ["(?i:HELLO) world", "hello world", true], // JS: syntax error
  ["(?i:HELLO) WORLD", "hello world", false],
  ["(?i)HELLO", "hello", true],
  ["^(a+)+$", `${"a".repeat(36)}!`, false], // JS: exponential backtracking
  ["^ok$", "ok\n", false], // `$` is the end of the text, not of a line
  ["(?m)^ok$", "x\nok\n", true],
  ["a.c", "a\nc", false],
  ["(?s)a.c", "a\nc", true],
  ["\\Aab\\z", "ab", true], // JS: \A and \z are letters
  ["\\Aab\\z", "ab\n", false],
  ["\\Qa.b\\E", "a.b", true], // JS: \Q and \E are letters
  ["\\Qa.b\\E", "axb", false],
  ["\\x{263a}", "☺", true], // JS: "x{263a}"
  ["\\d", "٣", false], // \d is ASCII only
  ["[^a]", "\n", true],
  ["\\bfoo\\b", "a foo b", true],
];

describe("Go regexp semantics (re2js)", () => {
  it.each(table)("/%s/ against %j is %s", (pattern, text, matches) => {
    expect(matchesGoRegex(pattern, text)).toBe(matches);
  });

  it.each(["a(?=b)", "(a)\\1", "a++", "x{1001}", "[a"])("rejects %s, as Go's regexp.Compile does", (pattern) => {
    expect(() => compileGoRegex(pattern)).toThrow(/error parsing regexp/);
  });
});
