// container-structure-test matches with Go's regexp (RE2). The common syntax is the same in JS;
// this maps the few Go-only spellings specs use: a leading (?ims) flag group, \A and \z.

const leadingFlags = /^\(\?([imsU]+)\)/;

export function compileGoRegex(pattern: string): RegExp {
  const flags = leadingFlags.exec(pattern);
  const body = (flags ? pattern.slice(flags[0].length) : pattern).replace(/\\A/g, "(?<![\\s\\S])").replace(/\\z/g, "(?![\\s\\S])");
  const jsFlags = (flags?.[1] ?? "").replace(/U/g, "");
  return new RegExp(body, [...new Set(jsFlags)].join(""));
}

/** Go's regexp.MatchString: does the pattern match anywhere in the text. */
export function matchesGoRegex(pattern: string, text: string): boolean {
  return compileGoRegex(pattern).test(text);
}
