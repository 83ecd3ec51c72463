// Turns a RUN script into the simple commands it runs, the way hadolint (through ShellCheck's parser)
// sees them: a command is the word in command position plus its arguments, quotes removed. Commands
// inside $(…), backticks, <(…), subshells and if/for/while/case bodies count; `[[ … ]]`, `(( … ))`,
// case patterns, for-lists, assignments and redirection targets do not. Nested commands follow the
// command that holds them, so "first install, then clean" ordering questions see the script's order.
import { nextToken, scanner, type ScanMode, type Scanner, type Token } from "./tokenize.ts";

export interface CommandPart {
  arg: string;
  index: number;
}

export interface Command {
  name: string;
  /** Every argument after the name, quotes removed. */
  args: string[];
  /** hadolint's flag view: `-abc` is a, b, c; `--name=value` is name. Index points into args. */
  flags: CommandPart[];
}

export interface ParsedShell {
  original: string;
  commands: Command[];
  hasPipes: boolean;
}

const prefixKeywords = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]);
const closingKeywords = new Set(["fi", "done", "}"]);
const separators = new Set(["&&", "||", ";", "&", "|", "|&", "\n"]);
const caseEnds = new Set([";;", ";&", ";;&"]);
const noTarget = new Set(["<<", "<<-"]);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const maxDepth = 8;

type CaseState = "header" | "pattern" | "body";

interface Parser {
  scan: Scanner;
  depth: number;
  out: ParsedShell;
  words: string[];
  nested: string[];
  /** Next word is in command position. */
  start: boolean;
  /** Words until the next separator are not a command (for-lists, closers, arithmetic). */
  ignore: boolean;
  cond: boolean;
  /** Words to pass over in command position (the name after `function`). */
  skip: number;
  cases: CaseState[];
}

export function parseShell(script: string, depth = 0): ParsedShell {
  const p: Parser = {
    scan: scanner(script),
    depth,
    out: { original: script, commands: [], hasPipes: false },
    words: [],
    nested: [],
    start: true,
    ignore: false,
    cond: false,
    skip: 0,
    cases: [],
  };
  for (let token = nextToken(p.scan, "start"); token.kind !== "end"; token = nextToken(p.scan, mode(p))) {
    if (token.kind === "word") onWord(p, token);
    else if (token.kind === "op") onOperator(p, token.value);
    else p.ignore = true;
  }
  flush(p);
  return p.out;
}

function mode(p: Parser): ScanMode {
  if (p.cond) return "cond";
  return p.start || p.ignore ? "start" : "arg";
}

/** Reserved words only count unquoted: `'[['` or `"case"` are plain command names. */
function onWord(p: Parser, token: { value: string; raw: string; nested: string[] }): void {
  p.nested.push(...token.nested);
  const word = token.raw === token.value ? token.value : "";
  const state = p.cases.at(-1);
  if (p.cond) p.cond = word !== "]]";
  else if (state === "header") {
    if (word === "in") p.cases[p.cases.length - 1] = "pattern";
  } else if (state === "pattern" || (state === "body" && p.start && word === "esac")) {
    if (word === "esac") endCase(p);
  } else if (p.ignore) return;
  else if (p.skip > 0) p.skip -= 1;
  else if (!p.start) p.words.push(token.value);
  else if (!assignment.test(token.raw)) commandPosition(p, word, token.value);
}

function commandPosition(p: Parser, word: string, value: string): void {
  if (prefixKeywords.has(word)) return;
  if (closingKeywords.has(word) || word === "for" || word === "select") p.ignore = true;
  else if (word === "[[") p.cond = true;
  else if (word === "case") p.cases.push("header");
  else if (word === "function") p.skip = 1;
  else {
    p.words.push(value);
    p.start = false;
  }
}

function onOperator(p: Parser, op: string): void {
  const state = p.cases.at(-1);
  if (p.cond && (op === "&&" || op === "||")) return;
  if (state === "pattern" || state === "header") {
    if (op === ")" && state === "pattern") {
      p.cases[p.cases.length - 1] = "body";
      p.start = true;
    }
    return;
  }
  if (separators.has(op) || caseEnds.has(op) || op === "(" || op === ")") separator(p, op);
  else if (!noTarget.has(op)) redirectionTarget(p);
}

function separator(p: Parser, op: string): void {
  if (op === "(" && p.words.length === 1 && !p.ignore) p.words = []; // `name() { … }` defines, does not run
  if (op === "|" || op === "|&") p.out.hasPipes = true;
  flush(p);
  if (caseEnds.has(op) && p.cases.at(-1) === "body") p.cases[p.cases.length - 1] = "pattern";
  p.start = true;
  p.ignore = false;
  p.cond = false;
}

/** The word after `>`, `<`, `>>`… is a file, not an argument (and not a command at the start). */
function redirectionTarget(p: Parser): void {
  const target: Token = nextToken(p.scan, "arg");
  if (target.kind === "word") p.nested.push(...target.nested);
  else if (target.kind === "op") onOperator(p, target.value);
}

function endCase(p: Parser): void {
  flush(p);
  p.cases.pop();
  p.start = false;
  p.ignore = true;
}

function flush(p: Parser): void {
  const [name, ...args] = p.words;
  if (name !== undefined) p.out.commands.push({ name, args, flags: flagsOf(args) });
  p.words = [];
  if (p.nested.length === 0) return;
  const scripts = p.nested;
  p.nested = [];
  if (p.depth >= maxDepth) return;
  for (const inner of scripts) {
    const parsed = parseShell(inner, p.depth + 1);
    p.out.commands.push(...parsed.commands);
    p.out.hasPipes ||= parsed.hasPipes;
  }
}

function flagsOf(args: string[]): CommandPart[] {
  const flags: CommandPart[] = [];
  args.forEach((arg, index) => {
    if (arg === "-" || arg === "--" || !arg.startsWith("-")) return;
    if (arg.startsWith("--")) {
      const end = arg.indexOf("=");
      flags.push({ arg: arg.slice(2, end === -1 ? undefined : end), index });
    } else {
      for (const letter of arg.slice(1)) flags.push({ arg: letter, index });
    }
  });
  return flags;
}

export const emptyShell: ParsedShell = { original: "", commands: [], hasPipes: false };
