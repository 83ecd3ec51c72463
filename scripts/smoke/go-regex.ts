// container-structure-test matches with Go's regexp package: RE2 syntax and linear-time matching.
// re2js is a port of that engine, so a spec's pattern means what it means there (`[[:digit:]]`,
// `\pL`, `(?P<n>…)`, `(?i:…)`, `\A`, `\z`), and no pattern can backtrack for ever.
import { RE2JS } from "re2js";

const compiled = new Map<string, RE2JS>();

/** Go's regexp.Compile: throws (with RE2's own message) on a pattern Go rejects. */
export function compileGoRegex(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = RE2JS.compile(pattern);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Go's regexp.MatchString: does the pattern match anywhere in the text. */
export function matchesGoRegex(pattern: string, text: string): boolean {
  return compileGoRegex(pattern).test(text);
}
