// The small part of handlebars that metadata-action rules use: `{{name}}`,
// `{{helper 'arg' key='value'}}`. Unknown names render as "" (as handlebars does).
import { ConfigError } from "../errors/errors.ts";

export type Helper = (args: string[], hash: Record<string, string>) => string;
export type ScopeValue = string | number | readonly (string | number)[] | Helper | undefined;
export type Scope = Record<string, ScopeValue>;

interface Mustache {
  name: string;
  args: string[];
  hash: Record<string, string>;
  /** `{{{x}}}` leaves the value as is; `{{x}}` HTML-escapes it, as handlebars does. */
  raw: boolean;
}

type Part = { text: string } | { mustache: Mustache };

export function renderTemplate(template: string, scope: Scope): string {
  return parseTemplate(template)
    .map((part) => ("text" in part ? part.text : evaluate(part.mustache, scope)))
    .join("");
}

/** True when the template is exactly `{{raw}}` (spaces allowed): semver keeps the tag as written. */
export function isRawStatement(template: string): boolean {
  try {
    const parts = parseTemplate(template);
    const only = parts[0];
    return (
      parts.length === 1 &&
      only !== undefined &&
      "mustache" in only &&
      only.mustache.name === "raw" &&
      only.mustache.args.length === 0
    );
  } catch {
    return false;
  }
}

function evaluate(mustache: Mustache, scope: Scope): string {
  const text = lookup(mustache, scope);
  return mustache.raw ? text : text.replace(/[&<>"'`=]/g, (char) => htmlEscapes[char] ?? char);
}

function lookup(mustache: Mustache, scope: Scope): string {
  const value = Object.hasOwn(scope, mustache.name) ? scope[mustache.name] : undefined;
  if (typeof value === "function") return value(mustache.args, mustache.hash);
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(",") : String(value);
}

// Handlebars' escape table: a branch "a=b" in {{branch}} becomes "a&#x3D;b", then "a-x3D-b" as a tag.
const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
  "`": "&#x60;",
  "=": "&#x3D;",
};

export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    if (open < 0) break;
    if (open > 0) parts.push({ text: rest.slice(0, open) });
    const triple = rest.startsWith("{{{", open);
    const closer = triple ? "}}}" : "}}";
    const close = rest.indexOf(closer, open);
    if (close < 0) throw new ConfigError(`unclosed "{{" in template "${template}"`);
    const body = rest.slice(open + (triple ? 3 : 2), close);
    if (!body.trimStart().startsWith("!")) parts.push({ mustache: parseMustache(body, template, triple) });
    rest = rest.slice(close + closer.length);
  }
  if (rest.length > 0) parts.push({ text: rest });
  return parts;
}

const tokenPattern = /\s*(?:([A-Za-z_][\w.-]*)=)?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"=]+)/y;

function parseMustache(body: string, template: string, raw: boolean): Mustache {
  const tokens: { key: string | undefined; value: string }[] = [];
  tokenPattern.lastIndex = 0;
  const trimmed = body.replace(/^~|~$/g, "").trim();
  if (/^[#/^>&]/.test(trimmed))
    throw new ConfigError(`"{{${body}}}" in template "${template}": block helpers and partials are not supported`, {
      hint: "Use plain {{name}} or {{date 'FORMAT'}} expressions.",
    });
  while (tokenPattern.lastIndex < trimmed.length) {
    const match = tokenPattern.exec(trimmed);
    if (!match || match[2] === undefined) throw new ConfigError(`cannot read "{{${body}}}" in template "${template}"`);
    tokens.push({ key: match[1], value: unquote(match[2]) });
  }
  const [head, ...rest] = tokens;
  if (head === undefined || head.key !== undefined)
    throw new ConfigError(`empty or invalid "{{${body}}}" in template "${template}"`);
  const hash: Record<string, string> = {};
  const args: string[] = [];
  for (const token of rest) {
    if (token.key === undefined) args.push(token.value);
    else hash[token.key] = token.value;
  }
  return { name: head.value, args, hash, raw };
}

function unquote(token: string): string {
  const quote = token.charAt(0);
  if ((quote === "'" || quote === '"') && token.endsWith(quote) && token.length >= 2)
    return token.slice(1, -1).replace(/\\(.)/g, "$1");
  return token;
}
