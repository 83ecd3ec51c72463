// A small POSIX-shell tokenizer: enough of sh/bash to find the simple commands in a RUN
// script (quotes, escapes, $(...), backticks, comments, redirections, here-documents).
// It never throws: unterminated quotes simply run to the end of the script.

export type Token =
  | { kind: "word"; value: string; quoted: boolean }
  | { kind: "op"; value: string };

/** Scripts found inside $(...) and backticks, parsed as commands in their own right. */
export interface Tokenized {
  tokens: Token[];
  nested: string[];
}

const operators = ["&&", "||", ";;", "|&", "&>>", "&>", ">>", "<<<", "<<-", "<<", ">&", "<&", ">|", "<>", "|", "&", ";", "(", ")", "<", ">", "\n"];
const metaChars = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);

export function tokenize(script: string): Tokenized {
  const state = { src: script, pos: 0, tokens: [] as Token[], nested: [] as string[], heredocs: [] as { delim: string; strip: boolean }[] };
  while (state.pos < state.src.length) step(state);
  return { tokens: state.tokens, nested: state.nested };
}

type State = { src: string; pos: number; tokens: Token[]; nested: string[]; heredocs: { delim: string; strip: boolean }[] };

function step(s: State): void {
  const ch = s.src[s.pos] ?? "";
  if (ch === " " || ch === "\t" || ch === "\r") {
    s.pos += 1;
  } else if (ch === "\\" && s.src[s.pos + 1] === "\n") {
    s.pos += 2;
  } else if (ch === "#") {
    while (s.pos < s.src.length && s.src[s.pos] !== "\n") s.pos += 1;
  } else if (ch === "\n") {
    s.tokens.push({ kind: "op", value: "\n" });
    s.pos += 1;
    skipHeredocBodies(s);
  } else {
    const op = operators.find((candidate) => s.src.startsWith(candidate, s.pos));
    if (op !== undefined) {
      s.pos += op.length;
      s.tokens.push({ kind: "op", value: op });
      if (op === "<<" || op === "<<-") queueHeredoc(s, op === "<<-");
    } else {
      readWord(s);
    }
  }
}

function readWord(s: State): void {
  let value = "";
  let quoted = false;
  while (s.pos < s.src.length) {
    const ch = s.src[s.pos] ?? "";
    if (metaChars.has(ch)) break;
    if (ch === "\\") {
      if (s.src[s.pos + 1] === "\n") s.pos += 2;
      else {
        value += s.src[s.pos + 1] ?? "";
        s.pos += 2;
      }
    } else if (ch === "'") {
      const end = indexOrEnd(s.src, "'", s.pos + 1);
      value += s.src.slice(s.pos + 1, end);
      s.pos = end + 1;
      quoted = true;
    } else if (ch === '"') {
      value += readDoubleQuoted(s);
      quoted = true;
    } else if (ch === "$" && s.src[s.pos + 1] === "(") {
      value += readSubstitution(s);
    } else if (ch === "$" && s.src[s.pos + 1] === "{") {
      const end = indexOrEnd(s.src, "}", s.pos + 2);
      value += s.src.slice(s.pos, end + 1);
      s.pos = end + 1;
    } else if (ch === "`") {
      const end = indexOrEnd(s.src, "`", s.pos + 1);
      s.nested.push(s.src.slice(s.pos + 1, end));
      value += s.src.slice(s.pos, end + 1);
      s.pos = end + 1;
    } else {
      value += ch;
      s.pos += 1;
    }
  }
  // `2>&1`: a file-descriptor number glued to a redirection is not an argument.
  const next = s.src[s.pos];
  if (!quoted && (next === ">" || next === "<") && /^\d+$/.test(value)) return;
  s.tokens.push({ kind: "word", value, quoted });
}

function readDoubleQuoted(s: State): string {
  let value = "";
  s.pos += 1;
  while (s.pos < s.src.length && s.src[s.pos] !== '"') {
    const ch = s.src[s.pos] ?? "";
    if (ch === "\\" && s.pos + 1 < s.src.length) {
      const next = s.src[s.pos + 1] ?? "";
      if (next !== "\n") value += '$`"\\'.includes(next) ? next : `\\${next}`;
      s.pos += 2;
    } else if (ch === "$" && s.src[s.pos + 1] === "(") {
      value += readSubstitution(s);
    } else {
      value += ch;
      s.pos += 1;
    }
  }
  s.pos += 1;
  return value;
}

/** `$( ... )` with nesting and quotes; the inside is kept for a nested parse. */
function readSubstitution(s: State): string {
  const start = s.pos;
  let depth = 0;
  let quote: string | undefined;
  while (s.pos < s.src.length) {
    const ch = s.src[s.pos] ?? "";
    if (quote) {
      if (ch === "\\" && quote === '"') s.pos += 1;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth += 1;
    else if (ch === ")") {
      depth -= 1;
      if (depth === 0) break;
    }
    s.pos += 1;
  }
  const inner = s.src.slice(start + 2, s.pos);
  s.nested.push(inner.startsWith("(") ? inner.slice(1, -1) : inner);
  s.pos += 1;
  return s.src.slice(start, s.pos);
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const index = text.indexOf(needle, from);
  return index === -1 ? text.length : index;
}

function queueHeredoc(s: State, strip: boolean): void {
  while (s.src[s.pos] === " " || s.src[s.pos] === "\t") s.pos += 1;
  const before = s.tokens.length;
  readWord(s);
  const word = s.tokens[before];
  if (word?.kind === "word" && word.value !== "") s.heredocs.push({ delim: word.value, strip });
}

/** After a newline, the bodies of pending here-documents are data, not commands. */
function skipHeredocBodies(s: State): void {
  for (const doc of s.heredocs.splice(0)) {
    while (s.pos < s.src.length) {
      const end = indexOrEnd(s.src, "\n", s.pos);
      const line = s.src.slice(s.pos, end);
      s.pos = end + 1;
      if ((doc.strip ? line.replace(/^\t+/, "") : line) === doc.delim) break;
    }
  }
}
