// The read stage: Dockerfile text in, a plain model out (instructions, comments, stages, parse issues).
// dockerfile-ast does the parsing; everything the rules need is normalised here once per file.
import { Copy, DockerfileParser, Onbuild, Run, type Instruction as AstInstruction } from "dockerfile-ast";
import { installArgumentCache } from "./ast-cache.ts";
import { instructionText, parseIssues } from "./issues.ts";

export interface Flag {
  name: string;
  value: string | null;
}

export interface Heredoc {
  name: string;
  body: string;
  /** 1-based line of the first body line. */
  line: number;
  terminated: boolean;
}

export interface Property {
  name: string;
  value: string;
}

export interface Instruction {
  keyword: string;
  /** Whitespace-separated argument words (flags removed), as Docker splits COPY/ADD/FROM. */
  words: string[];
  /** 1-based first line. */
  line: number;
  endLine: number;
  /** 1-based line where the arguments (after flags) start. */
  argsLine: number;
  /** Arguments with flags removed, continuations joined and embedded comment lines dropped. */
  args: string;
  /** Raw argument lines (for ShellCheck line mapping). */
  rawArgs: string;
  flags: Flag[];
  /** Exec form (`["a", "b"]`) when the arguments are a valid JSON array of strings. */
  json: string[] | undefined;
  heredocs: Heredoc[];
  /** ENV, ARG, LABEL pairs. */
  properties: Property[];
  /** ONBUILD's instruction. */
  trigger: Instruction | undefined;
  node: AstInstruction;
}

export interface Comment {
  line: number;
  text: string;
}

export interface ParseIssue {
  line: number;
  column: number;
  message: string;
}

export interface DockerfileModel {
  file: string;
  source: string;
  escape: string;
  instructions: Instruction[];
  comments: Comment[];
  issues: ParseIssue[];
}

export function parseDockerfile(file: string, source: string): DockerfileModel {
  if (source.includes("\u0000")) {
    return {
      file,
      source,
      escape: "\\",
      instructions: [],
      comments: [],
      issues: [{ line: 1, column: 1, message: "binary file: this is not a Dockerfile" }],
    };
  }
  installArgumentCache();
  const ast = DockerfileParser.parse(source);
  const escape = escapeDirective(source);
  const lines = source.split("\n");
  const instructions = ast.getInstructions().map((node) => toInstruction(node, escape, lines));
  const comments = findComments(lines, instructions);
  const model: DockerfileModel = { file, source, escape, instructions, comments, issues: [] };
  model.issues = parseIssues(model);
  return model;
}

const flagKeywords = new Set(["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]);

function toInstruction(node: AstInstruction, escape: string, source: string[]): Instruction {
  const range = node.getRange();
  const keyword = node.getKeyword().toUpperCase();
  const raw = rawArguments(source, range, node.getInstruction().length, escape, flagKeywords.has(keyword));
  // getHeredocs is costly: only ask when the text can hold one.
  const heredocs = raw.text.includes("<<") ? readHeredocs(node, source) : [];
  const args = heredocs.length > 0 ? raw.text : instructionText(raw.text, escape);
  return {
    keyword,
    words: args.trim() === "" ? [] : args.trim().split(/\s+/),
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    argsLine: raw.line,
    args,
    rawArgs: raw.text,
    flags: raw.flags,
    json: parseJsonArray(args),
    heredocs,
    properties: keyword === "ENV" || keyword === "ARG" || keyword === "LABEL" ? parseProperties(args) : [],
    trigger: keyword === "ONBUILD" ? readTrigger(node, escape, source) : undefined,
    node,
  };
}

interface Range {
  start: { line: number; character: number };
  end: { line: number };
}

/**
 * The argument text after the keyword and its `--flags`, read from the source (dockerfile-ast's own
 * accessors are slow).
 */
function rawArguments(
  lines: string[],
  range: Range,
  keywordLength: number,
  escape: string,
  hasFlags: boolean,
): { text: string; line: number; flags: Flag[] } {
  const text = [
    (lines[range.start.line] ?? "").slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line + 1),
  ]
    .join("\n")
    .replace(/\r(?=\n|$)/g, "");
  const flags: Flag[] = [];
  let p = keywordLength;
  for (;;) {
    while (text[p] === " " || text[p] === "\t") p += 1;
    if (text[p] === escape && text[p + 1] === "\n") p += 2;
    else if (text[p] === "\n" && /^[ \t]*#/.test(text.slice(p + 1, p + 200))) p = skipLine(text, p + 1);
    else if (text[p] === "\n" && p > keywordLength && text.slice(0, p).trimEnd().endsWith(escape)) p += 1;
    else if (hasFlags && text.startsWith("--", p)) {
      const end = text.slice(p).search(/[ \t\n]/);
      const token = end === -1 ? text.slice(p + 2) : text.slice(p + 2, p + end);
      const eq = token.indexOf("=");
      flags.push({ name: eq === -1 ? token : token.slice(0, eq), value: eq === -1 ? null : token.slice(eq + 1) });
      p = end === -1 ? text.length : p + end;
    } else break;
  }
  const before = text.slice(0, p);
  return {
    text: text.slice(p).replace(/\s+$/, ""),
    line: range.start.line + 1 + (before.match(/\n/g)?.length ?? 0),
    flags,
  };
}

function skipLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}

function readHeredocs(node: AstInstruction, lines: string[]): Heredoc[] {
  // ADD heredocs are parsed by dockerfile-ast but not exposed; RUN and COPY are what matter.
  if (!(node instanceof Run || node instanceof Copy)) return [];
  const docs = node.getHeredocs() as {
    getName(): string;
    getContentRange(): { start: { line: number }; end: { line: number } } | null;
    getDelimiterRange(): unknown;
  }[];
  const first = node.getRange().start.line;
  return docs.map((doc) => {
    const content = doc.getContentRange();
    const body = content ? lines.slice(content.start.line, content.end.line + 1).join("\n") : "";
    return {
      name: doc.getName(),
      body,
      line: (content?.start.line ?? first) + 1,
      terminated: doc.getDelimiterRange() !== null,
    };
  });
}

/** `k=v k2="v 2"` pairs, or the legacy `ENV key value` form; quotes and escapes removed from values. */
export function parseProperties(args: string): Property[] {
  const tokens = splitWords(args);
  const first = tokens[0];
  if (first !== undefined && !first.raw.includes("=")) {
    return [{ name: first.value, value: unquote(args.trim().slice(first.raw.length).trim()) }];
  }
  return tokens.map((token) => {
    const eq = token.raw.indexOf("=");
    return { name: unquote(token.raw.slice(0, eq)), value: unquote(token.raw.slice(eq + 1)) };
  });
}

function splitWords(text: string): { raw: string; value: string }[] {
  const words: { raw: string; value: string }[] = [];
  let raw = "";
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? "";
    if (quote === undefined && (ch === " " || ch === "\t" || ch === "\n" || ch === "\r")) {
      if (raw !== "") words.push({ raw, value: unquote(raw) });
      raw = "";
      continue;
    }
    if (ch === "\\" && quote !== "'") {
      raw += ch + (text[i + 1] ?? "");
      i += 1;
      continue;
    }
    if (ch === '"' || ch === "'") quote = quote === ch ? undefined : (quote ?? ch);
    raw += ch;
  }
  if (raw !== "") words.push({ raw, value: unquote(raw) });
  return words;
}

function unquote(text: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? "";
    if (ch === "\\" && quote !== "'" && i + 1 < text.length) {
      out += text[i + 1];
      i += 1;
    } else if ((ch === '"' || ch === "'") && (quote === undefined || quote === ch)) quote = quote ? undefined : ch;
    else out += ch;
  }
  return out;
}

function readTrigger(node: AstInstruction, escape: string, source: string[]): Instruction | undefined {
  if (!(node instanceof Onbuild)) return undefined;
  const trigger = node.getTriggerInstruction();
  return trigger ? toInstruction(trigger, escape, source) : undefined;
}

/** Exec form only when Docker would read it as JSON; anything else is shell form. */
function parseJsonArray(args: string): string[] | undefined {
  const text = args.trim();
  if (!text.startsWith("[") || !text.endsWith("]")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `# escape=` among the leading parser directives (cheaper than asking dockerfile-ast). */
function escapeDirective(source: string): string {
  for (const line of source.split("\n", 20)) {
    const match = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)/.exec(line);
    if (!match) return "\\";
    if (match[1]?.toLowerCase() === "escape" && (match[2] === "`" || match[2] === "\\")) return match[2];
  }
  return "\\";
}

/** Comment lines outside instructions (pragmas live here; dockerfile-ast files some as directives). */
function findComments(lines: string[], instructions: Instruction[]): Comment[] {
  const covered = new Uint8Array(lines.length + 2);
  for (const instruction of instructions) covered.fill(1, instruction.line, instruction.endLine + 1);
  const comments: Comment[] = [];
  lines.forEach((line, index) => {
    const trimmed = line.trimStart();
    if (trimmed.startsWith("#") && covered[index + 1] !== 1)
      comments.push({ line: index + 1, text: trimmed.slice(1).trim() });
  });
  return comments;
}
