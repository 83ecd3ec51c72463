// .dockerignore as Docker reads it (moby/patternmatcher and its ignorefile reader), so the input
// hash sees exactly the files the builder gets. Pure. Patterns become Go regexps, matched by re2js
// (Go's engine), because that is what Docker does with `[…]` classes and `\` escapes.
// @balena/dockerignore was the candidate library; it follows an older moby: case-insensitive by
// default, `+ ( ) | { }` passed through as regexp syntax, JavaScript's regexp classes, no
// exact/prefix/suffix forms of `**` (5 of the 49 cases in our tests differ, case-sensitive).
import { posix } from "node:path";
import { RE2JS } from "re2js";
import { ConfigError } from "../errors/errors.ts";

export interface IgnorePattern {
  /** The cleaned pattern, without its `!`. */
  text: string;
  exclusion: boolean;
  matches: (path: string) => boolean;
}

/** Go's filepath.Clean for slash paths: no `.`, `..` resolved, no doubled or trailing `/`. */
export function cleanPath(path: string): string {
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith("/") ? normal.slice(0, -1) : normal;
}

/** ignorefile.ReadAll: comments, blanks and leading `/` go; `!` is kept in front. */
export function readIgnoreLines(text: string): { line: number; pattern: string }[] {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  return lines.flatMap((raw, index) => {
    if (raw.startsWith("#")) return [];
    let pattern = raw.trim();
    if (pattern === "") return [];
    const invert = pattern.startsWith("!");
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    }
    return [{ line: index + 1, pattern: invert ? `!${pattern}` : pattern }];
  });
}

/** ignorefile.ReadAll then patternmatcher.New. A pattern Docker rejects is a ConfigError with its line. */
export function parseDockerignore(text: string, file = ".dockerignore"): IgnorePattern[] {
  return readIgnoreLines(text).map(({ line, pattern }) => {
    try {
      return compilePattern(pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(`${reason} (a pattern docker build rejects too)`, {
        file,
        line,
        hint: "Fix the pattern: see https://docs.docker.com/build/concepts/context/#dockerignore-files.",
      });
    }
  });
}

function compilePattern(raw: string): IgnorePattern {
  let text = cleanPath(raw.trim());
  const exclusion = text.startsWith("!");
  if (exclusion) {
    if (text.length === 1) throw new Error('illegal exclusion pattern: "!"');
    text = text.slice(1);
  }
  const problem = globSyntaxProblem(text);
  if (problem) throw new Error(`syntax error in pattern "${text}": ${problem}`);
  return { text, exclusion, matches: matcherFor(text) };
}

type MatchType = "exact" | "prefix" | "suffix" | "regexp";

/** patternmatcher's compile: the cheap forms (exact, `x/**`, `**\/x`) or a Go regexp. */
function matcherFor(text: string): (path: string) => boolean {
  const { type, source } = translate(text);
  if (type === "exact") return (path) => path === text;
  if (type === "prefix") return (path) => path.startsWith(text.slice(0, -2));
  if (type === "suffix") {
    const suffix = text.slice(2);
    return (path) => path.endsWith(suffix) || (suffix.startsWith("/") && path === suffix.slice(1));
  }
  const regex = RE2JS.compile(`${source}$`);
  return (path) => regex.test(path);
}

/** Regexp syntax that means nothing to filepath.Match, so patternmatcher escapes it. */
const escaped = new Set(".+()|{}$");

function translate(text: string): { type: MatchType; source: string } {
  const chars = Array.from(text);
  let source = "^";
  let type: MatchType = "exact";
  for (let i = 0, index = 0; i < chars.length; i++, index++) {
    const ch = chars[i] ?? "";
    if (ch === "*" && chars[i + 1] === "*") {
      i += chars[i + 2] === "/" ? 2 : 1;
      const atEnd = i + 1 >= chars.length;
      if (atEnd && type === "exact") type = "prefix";
      else {
        source += atEnd ? ".*" : "(.*/)?";
        type = "regexp";
      }
      if (index === 0) type = "suffix";
    } else if (ch === "*" || ch === "?") {
      source += ch === "*" ? "[^/]*" : "[^/]";
      type = "regexp";
    } else if (escaped.has(ch)) source += `\\${ch}`;
    else if (ch === "\\") {
      if (i + 1 < chars.length) {
        source += `\\${chars[++i] ?? ""}`;
        type = "regexp";
      } else source += "\\";
    } else {
      source += ch;
      if (ch === "[" || ch === "]") type = "regexp";
    }
  }
  return { type, source };
}

/** What filepath.Match reports as ErrBadPattern: an unclosed or empty `[…]`, a bad range, a trailing `\`. */
export function globSyntaxProblem(pattern: string): string | undefined {
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\\") {
      if (++i >= chars.length) return "it ends with an escaping \\";
    } else if (chars[i] === "[") {
      const end = classEnd(chars, i + 1);
      if (end === undefined) return "a [ class is not closed or has a bad range";
      i = end;
    }
  }
  return undefined;
}

/** Index of the `]` closing a class that starts at `start` (after its `[`), or undefined when malformed. */
function classEnd(chars: readonly string[], start: number): number | undefined {
  let i = chars[start] === "^" ? start + 1 : start;
  for (let ranges = 0; ; ranges++) {
    if (chars[i] === "]" && ranges > 0) return i;
    const lo = escapedChar(chars, i);
    if (lo === undefined) return undefined;
    i = lo;
    if (chars[i] === "-") {
      const hi = escapedChar(chars, i + 1);
      if (hi === undefined) return undefined;
      i = hi;
    }
  }
}

/** filepath.Match's getEsc: one (possibly escaped) class character; `-` and `]` are not. Returns the next index. */
function escapedChar(chars: readonly string[], i: number): number | undefined {
  const ch = chars[i];
  if (ch === undefined || ch === "-" || ch === "]") return undefined;
  if (ch !== "\\") return i + 1;
  return chars[i + 1] === undefined ? undefined : i + 2;
}

/** patternmatcher's MatchesOrParentMatches, negated: is a context-relative slash path sent to the builder? */
export function isIncluded(path: string, patterns: readonly IgnorePattern[]): boolean {
  const file = cleanPath(path);
  const parent = posix.dirname(file);
  const parents = parent === "." ? [] : parent.split("/").map((_, i, dirs) => dirs.slice(0, i + 1).join("/"));
  let excluded = false;
  for (const pattern of patterns) {
    // An exclusion only matters once something is excluded, an inclusion only until then.
    if (pattern.exclusion !== excluded) continue;
    if (pattern.matches(file) || parents.some((dir) => pattern.matches(dir))) excluded = !pattern.exclusion;
  }
  return !excluded;
}

/**
 * Which ignore file BuildKit reads: `<Dockerfile>.dockerignore` beside the Dockerfile when it has
 * patterns in it, else `.dockerignore` at the context's root.
 */
export function ignoreFileFor(
  context: string,
  dockerfile: string,
  read: (path: string) => string | undefined,
): { file: string; text: string } | undefined {
  const specific = `${dockerfile}.dockerignore`;
  const specificText = read(specific);
  if (specificText) return { file: specific, text: specificText };
  const root = posix.join(context, ".dockerignore");
  const rootText = read(root);
  return rootText === undefined ? undefined : { file: root, text: rootText };
}
