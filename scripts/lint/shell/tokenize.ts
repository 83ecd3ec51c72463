// A POSIX/bash scanner: enough of the shell to find the simple commands in a RUN script.
// Words come out with quotes removed and expansions kept as written ($x, ${x}, $(…)); the scripts
// inside $(…), backticks and <(…)/>(…) are handed back for a parse of their own. It never throws:
// anything unterminated runs to the end of the script. Every step advances, so the work is linear.

export type Token =
  | { kind: "word"; value: string; raw: string; nested: string[] }
  | { kind: "op"; value: string }
  | { kind: "arith" }
  | { kind: "end" };

/** "start": command position (`((` opens arithmetic); "cond": inside `[[ … ]]` (parens and `|` are text). */
export type ScanMode = "start" | "arg" | "cond";

export interface Scanner {
  src: string;
  pos: number;
  heredocs: { delim: string; strip: boolean }[];
}

const operators = [
  "&&",
  "||",
  ";;&",
  ";;",
  ";&",
  "|&",
  "&>>",
  "&>",
  ">>",
  "<<<",
  "<<-",
  "<<",
  ">&",
  "<&",
  ">|",
  "<>",
  "|",
  "&",
  ";",
  "(",
  ")",
  "<",
  ">",
];
const operatorStart = new Set(["&", "|", ";", "<", ">", "(", ")"]);
/** Characters that need no special reading, consumed in one step. */
const plainRun = /[^\s;&|()<>'"\\$`]+/y;
const meta = new Set([" ", "\t", "\r", "\n", ";", "&", "|", "(", ")", "<", ">"]);
const condMeta = new Set([" ", "\t", "\r", "\n", ";"]);
const assignmentHead = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/;

export function scanner(src: string): Scanner {
  return { src, pos: 0, heredocs: [] };
}

export function nextToken(s: Scanner, mode: ScanMode): Token {
  skipBlanks(s);
  if (s.pos >= s.src.length) return { kind: "end" };
  const ch = s.src[s.pos] ?? "";
  if (ch === "\n") {
    s.pos += 1;
    skipHeredocBodies(s);
    return { kind: "op", value: "\n" };
  }
  if (mode === "start" && s.src.startsWith("((", s.pos)) {
    s.pos = balancedEnd(s.src, s.pos, "(", ")");
    return { kind: "arith" };
  }
  if (mode === "cond") return condToken(s);
  if (!operatorStart.has(ch) || ((ch === "<" || ch === ">") && s.src[s.pos + 1] === "(")) return readWord(s, meta);
  const op = operators.find((candidate) => s.src.startsWith(candidate, s.pos));
  if (op === undefined) return readWord(s, meta);
  s.pos += op.length;
  if (op === "<<" || op === "<<-") queueHeredoc(s, op === "<<-");
  return { kind: "op", value: op };
}

function condToken(s: Scanner): Token {
  for (const op of ["&&", "||", ";"]) {
    if (s.src.startsWith(op, s.pos)) {
      s.pos += op.length;
      return { kind: "op", value: op };
    }
  }
  return readWord(s, condMeta);
}

function skipBlanks(s: Scanner): void {
  for (;;) {
    const ch = s.src[s.pos];
    if (ch === " " || ch === "\t" || ch === "\r") s.pos += 1;
    else if (ch === "\\" && s.src[s.pos + 1] === "\n") s.pos += 2;
    else if (ch === "#") s.pos = indexOrEnd(s.src, "\n", s.pos);
    else return;
  }
}

function readWord(s: Scanner, stops: ReadonlySet<string>): Token {
  const word = { value: "", nested: [] as string[] };
  const start = s.pos;
  while (s.pos < s.src.length) {
    const ch = s.src[s.pos] ?? "";
    plainRun.lastIndex = s.pos;
    if (plainRun.test(s.src)) {
      word.value += s.src.slice(s.pos, plainRun.lastIndex);
      s.pos = plainRun.lastIndex;
      continue;
    }
    if (stops.has(ch) && !(s.pos === start && (ch === "<" || ch === ">"))) {
      if (ch === "(" && assignmentHead.test(word.value)) word.value += rawUntil(s, balancedEnd(s.src, s.pos, "(", ")"));
      else break;
    } else readPart(s, word, ch);
  }
  // `2>&1`: a descriptor number glued to a redirection is not an argument.
  const next = s.src[s.pos];
  if ((next === ">" || next === "<") && /^\d+$/.test(word.value) && s.src.slice(start, s.pos) === word.value)
    return nextToken(s, "arg");
  return { kind: "word", value: word.value, raw: s.src.slice(start, s.pos), nested: word.nested };
}

type Word = { value: string; nested: string[] };

function readPart(s: Scanner, word: Word, ch: string): void {
  const next = s.src[s.pos + 1] ?? "";
  if (ch === "\\") {
    if (next !== "\n") word.value += next;
    s.pos += 2;
  } else if (ch === "'") {
    const end = indexOrEnd(s.src, "'", s.pos + 1);
    word.value += s.src.slice(s.pos + 1, end);
    s.pos = end + 1;
  } else if (ch === '"') {
    s.pos += 1;
    readDoubleQuoted(s, word);
  } else if (ch === "$" && next === "'") {
    word.value += readAnsiC(s);
  } else if (ch === "$" && next === '"') {
    s.pos += 2;
    readDoubleQuoted(s, word);
  } else if (ch === "$" || ch === "`" || ((ch === "<" || ch === ">") && next === "(")) {
    readExpansion(s, word, ch, next);
  } else {
    word.value += ch;
    s.pos += 1;
  }
}

/** $((…)) arithmetic, $(…) and <(…) commands, ${…} parameters, backticks; kept as written. */
function readExpansion(s: Scanner, word: Word, ch: string, next: string): void {
  const start = s.pos;
  if (ch === "$" && s.src.startsWith("((", s.pos + 1)) {
    word.value += rawUntil(s, balancedEnd(s.src, s.pos + 1, "(", ")"));
  } else if (next === "(") {
    const end = balancedEnd(s.src, s.pos + 1, "(", ")");
    word.nested.push(s.src.slice(start + 2, Math.max(start + 2, end - 1)));
    word.value += rawUntil(s, end);
  } else if (ch === "$" && next === "{") {
    word.value += rawUntil(s, balancedEnd(s.src, s.pos + 1, "{", "}"));
  } else if (ch === "`") {
    const end = backtickEnd(s.src, s.pos + 1);
    word.nested.push(s.src.slice(start + 1, end).replace(/\\([`\\$])/g, "$1"));
    word.value += rawUntil(s, Math.min(s.src.length, end + 1));
  } else {
    word.value += ch;
    s.pos += 1;
  }
}

function readDoubleQuoted(s: Scanner, word: Word): void {
  while (s.pos < s.src.length && s.src[s.pos] !== '"') {
    const ch = s.src[s.pos] ?? "";
    const next = s.src[s.pos + 1] ?? "";
    if (ch === "\\") {
      if (next !== "\n") word.value += '$`"\\'.includes(next) ? next : `\\${next}`;
      s.pos += 2;
    } else if (ch === "$" || ch === "`") readExpansion(s, word, ch, next);
    else {
      word.value += ch;
      s.pos += 1;
    }
  }
  s.pos += 1;
}

/** $'…': backslash escapes everything, so `\'` does not end the string. */
function readAnsiC(s: Scanner): string {
  let value = "";
  s.pos += 2;
  while (s.pos < s.src.length && s.src[s.pos] !== "'") {
    if (s.src[s.pos] === "\\") s.pos += 1;
    value += s.src[s.pos] ?? "";
    s.pos += 1;
  }
  s.pos += 1;
  return value;
}

function rawUntil(s: Scanner, end: number): string {
  const text = s.src.slice(s.pos, end);
  s.pos = end;
  return text;
}

/** Index just past the bracket that closes the one at `open`, skipping quoted text and escapes. */
export function balancedEnd(src: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < src.length; i += 1) {
    const ch = src[i];
    if (ch === "\\") i += 1;
    else if (ch === "'") i = indexOrEnd(src, "'", i + 1);
    else if (ch === '"') i = quoteEnd(src, i + 1);
    else if (ch === left) depth += 1;
    else if (ch === right && --depth === 0) return i + 1;
  }
  return src.length;
}

function quoteEnd(src: string, from: number): number {
  for (let i = from; i < src.length; i += 1) {
    if (src[i] === "\\") i += 1;
    else if (src[i] === '"') return i;
  }
  return src.length;
}

function backtickEnd(src: string, from: number): number {
  for (let i = from; i < src.length; i += 1) {
    if (src[i] === "\\") i += 1;
    else if (src[i] === "`") return i;
  }
  return src.length;
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const index = text.indexOf(needle, from);
  return index === -1 ? text.length : index;
}

function queueHeredoc(s: Scanner, strip: boolean): void {
  skipBlanks(s);
  const token = readWord(s, meta);
  if (token.kind === "word" && token.value !== "") s.heredocs.push({ delim: token.value, strip });
}

/** After a newline, the bodies of pending here-documents are data, not commands. */
function skipHeredocBodies(s: Scanner): void {
  for (const doc of s.heredocs.splice(0)) {
    while (s.pos < s.src.length) {
      const end = indexOrEnd(s.src, "\n", s.pos);
      const line = s.src.slice(s.pos, end);
      s.pos = end + 1;
      if ((doc.strip ? line.replace(/^\t+/, "") : line) === doc.delim) break;
    }
  }
}
