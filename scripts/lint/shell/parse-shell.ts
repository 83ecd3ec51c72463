// Turns a RUN script into the simple commands it runs, the way hadolint sees them:
// a command is a name plus its arguments (quotes removed), split on && || ; | & and newlines,
// including commands inside $(...), backticks, subshells and if/for/while bodies.
import { tokenize, type Token } from "./tokenize.ts";

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

const redirections = new Set([">", ">>", "<", "<<", "<<-", "<<<", ">&", "<&", "&>", "&>>", ">|", "<>"]);
const separators = new Set(["&&", "||", ";", ";;", "|", "|&", "&", "(", ")", "\n"]);
const prefixKeywords = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]);
const closingKeywords = new Set(["fi", "done", "esac", "}"]);
const headerKeywords = new Set(["for", "case", "select", "function", "in"]);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

export function parseShell(script: string, depth = 0): ParsedShell {
  const { tokens, nested } = tokenize(script);
  const commands: Command[] = [];
  let hasPipes = false;
  let words: string[] = [];
  const flush = (): void => {
    const command = toCommand(words);
    if (command) commands.push(command);
    words = [];
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    if (token.kind === "word") words.push(token.value);
    else if (redirections.has(token.value)) i += 1;
    else if (separators.has(token.value)) {
      if (token.value === "|" || token.value === "|&") hasPipes = true;
      flush();
    }
  }
  flush();
  if (depth < 4) {
    for (const inner of nested) {
      const parsed = parseShell(inner, depth + 1);
      commands.push(...parsed.commands);
      hasPipes ||= parsed.hasPipes;
    }
  }
  return { original: script, commands, hasPipes };
}

function toCommand(words: string[]): Command | undefined {
  let start = 0;
  while (start < words.length) {
    const word = words[start] as string;
    if (prefixKeywords.has(word) || assignment.test(word)) start += 1;
    else break;
  }
  const name = words[start];
  if (name === undefined || closingKeywords.has(name) || headerKeywords.has(name) || name.endsWith(")") && !name.startsWith("$")) return undefined;
  const args = words.slice(start + 1);
  return { name, args, flags: flagsOf(args) };
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
