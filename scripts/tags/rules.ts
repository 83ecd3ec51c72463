// Parse metadata-action `tags` rules (type=semver,pattern={{version}}) into TagRule data.
import { ConfigError } from "../errors/errors.ts";
import { entryFields, inputList, splitAtFirst } from "./input-list.ts";
import type { TagRule, TagType } from "./types.ts";

export const defaultPriorities: Record<TagType, number> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};

/** metadata-action's rules when `tags` is empty. */
export const fallbackRules = ["type=schedule", "type=ref,event=branch", "type=ref,event=tag", "type=ref,event=pr"];

const tagTypes = Object.keys(defaultPriorities) as TagType[];

/** Rules sorted by priority, highest first; equal priorities keep their written order. */
export function parseTagRules(lines: readonly string[]): TagRule[] {
  const written = inputList(lines, "tag rule");
  const rules = (written.length > 0 ? written : fallbackRules).map(parseTagRule);
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
    .map(({ rule }) => rule);
}

export function parseTagRule(line: string): TagRule {
  const attrs: Record<string, string> = {};
  let type: TagType = "raw";
  // Every field counts, an empty one too: as in metadata-action, a trailing comma sets an empty value.
  for (const field of entryFields(line, "tag rule").map(splitAtFirst)) {
    if (field.key === undefined) attrs.value = field.value;
    else if (field.key === "type") type = checkType(field.value, line);
    else attrs[field.key] = field.value;
  }
  applyDefaults(type, attrs, line);
  attrs.enable ??= "true";
  return { type, attrs, priority: parsePriority(attrs.priority, type, line), source: line };
}

function checkType(value: string, line: string): TagType {
  if ((tagTypes as string[]).includes(value)) return value as TagType;
  throw new ConfigError(`unknown tag type "${value}" in rule "${line}"`, {
    hint: `Valid types: ${tagTypes.join(", ")}.`,
  });
}

function parsePriority(value: string | undefined, type: TagType, line: string): number {
  if (value === undefined) return defaultPriorities[type];
  const priority = Number(value);
  if (value.trim() === "" || !Number.isFinite(priority))
    throw new ConfigError(`priority must be a number in rule "${line}"`);
  return priority;
}

function applyDefaults(type: TagType, attrs: Record<string, string>, line: string): void {
  const require = (name: string): void => {
    if (attrs[name] === undefined)
      throw new ConfigError(`missing ${name} attribute in rule "${line}"`, { hint: ruleHints[type] });
  };
  typeDefaults[type](attrs, require, line);
}

type Defaults = (attrs: Record<string, string>, require: (name: string) => void, line: string) => void;

/** Per type: required attributes, defaults, and value checks (metadata-action's Parse). */
const typeDefaults: Record<TagType, Defaults> = {
  schedule: (attrs) => {
    attrs.pattern ??= "nightly";
  },
  semver: (attrs, require, line) => {
    versionDefaults(attrs, require);
    matchDefault(attrs, line);
  },
  pep440: (attrs, require, line) => {
    versionDefaults(attrs, require);
    matchDefault(attrs, line);
  },
  match: (attrs, require, line) => {
    versionDefaults(attrs, require);
    attrs.group ??= "0";
    if (!/^\d+$/.test(attrs.group.trim()))
      throw new ConfigError(`invalid match group "${attrs.group}" in rule "${line}"`, {
        hint: "group is the number of a capture group, 0 for the whole match.",
      });
  },
  edge: (attrs) => {
    attrs.branch ??= "";
  },
  ref: (attrs, require, line) => {
    require("event");
    if (!["branch", "tag", "pr"].includes(attrs.event ?? ""))
      throw new ConfigError(`invalid event "${attrs.event}" in rule "${line}"`, { hint: ruleHints.ref });
    if (attrs.event === "pr") attrs.prefix ??= "pr-";
  },
  raw: (_attrs, require) => require("value"),
  sha: (attrs, _require, line) => {
    attrs.prefix ??= "sha-";
    attrs.format ??= "short";
    if (!["short", "long"].includes(attrs.format))
      throw new ConfigError(`invalid sha format "${attrs.format}" in rule "${line}"`, { hint: ruleHints.sha });
  },
};

function versionDefaults(attrs: Record<string, string>, require: (name: string) => void): void {
  require("pattern");
  attrs.value ??= "";
}

/** semver and pep440 also take `match=REGEX`: its first group is the version read from the tag or value. */
function matchDefault(attrs: Record<string, string>, line: string): void {
  attrs.match ??= "";
  if (attrs.match.length === 0) return;
  try {
    new RegExp(attrs.match);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`invalid match regular expression in rule "${line}": ${reason}`);
  }
}

const ruleHints: Record<TagType, string> = {
  schedule: "Example: type=schedule,pattern={{date 'YYYYMMDD'}}",
  semver: "Example: type=semver,pattern={{major}}.{{minor}}[,match=v(\\d.\\d.\\d)$]",
  pep440: "Example: type=pep440,pattern={{version}}",
  match: "Example: type=match,pattern=v(\\d+),group=1",
  edge: "Example: type=edge,branch=main",
  ref: "Example: type=ref,event=branch (event is branch, tag or pr)",
  raw: "Example: type=raw,value=stable",
  sha: "Example: type=sha,format=long,prefix= (format is short or long)",
};
