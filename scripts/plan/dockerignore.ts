// .dockerignore matching (Go filepath.Match per segment, `**` across segments, `!` re-includes;
// the last matching pattern wins, and an excluded folder excludes what is under it). Pure.

export interface IgnoreRule {
  pattern: RegExp;
  negate: boolean;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const negate = line.startsWith("!");
      const body = clean(negate ? line.slice(1).trim() : line);
      return { pattern: globToRegExp(body), negate };
    });
}

function clean(pattern: string): string {
  return pattern.replace(/^\/+/, "").replace(/\/+$/, "").replace(/^\.\//, "") || ".";
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A pattern naming a folder also covers everything below it.
  return new RegExp(`^${source}(/.*)?$`);
}

/** Whether a context-relative path (with `/` separators) is sent to the builder. */
export function isIncluded(path: string, rules: readonly IgnoreRule[]): boolean {
  let included = true;
  for (const rule of rules) if (rule.pattern.test(path)) included = rule.negate;
  return included;
}
