// Linting never throws, whatever Dockerfile-like text it is given.
import fc from "fast-check";
import { expect, test } from "vitest";
import { lintSource } from "../../../scripts/lint/engine.ts";
import { scriptsOf } from "../../../scripts/lint/shellcheck.ts";
import { parseShell } from "../../../scripts/lint/shell/parse-shell.ts";
import { defaultLintConfig } from "../../../scripts/lint/types.ts";

const keywords = [
  "FROM",
  "RUN",
  "COPY",
  "ADD",
  "ENV",
  "ARG",
  "LABEL",
  "USER",
  "WORKDIR",
  "CMD",
  "ENTRYPOINT",
  "EXPOSE",
  "HEALTHCHECK",
  "ONBUILD",
  "SHELL",
  "VOLUME",
  "STOPSIGNAL",
  "MAINTAINER",
  "from",
  "run",
  "BOGUS",
  "#",
  "# hadolint ignore=DL3003",
  "# hadolint global ignore=DL3008,SC2086",
  "# hadolint stage ignore=IMG001",
  "# hadolint shell=pwsh",
  "# syntax=docker/dockerfile:1",
  "# escape=`",
];
const fragments = [
  "apt-get",
  "install",
  "-y",
  "update",
  "&&",
  "||",
  ";",
  "|",
  "&",
  "\\\n",
  "\n",
  "'",
  '"',
  "`",
  "$(",
  ")",
  "(",
  "{",
  "}",
  "<<EOF",
  "<<-EOF",
  "EOF",
  "[",
  "]",
  '["a",',
  "=",
  "--from=",
  "--mount=type=cache,target=/x",
  "AS",
  "x",
  "$A",
  "${A",
  "/",
  "#",
  "pip",
  "npm",
  "cd",
  "sudo",
  "curl",
  "wget",
  "if",
  "then",
  "fi",
  "for",
  "do",
  "done",
  "case",
  "esac",
  " ",
  "\t",
  "2>&1",
  ">",
  "debian:12",
  "scratch",
  "@sha256:",
  ":latest",
  "0",
  "65536",
];

const line = fc
  .tuple(
    fc.constantFrom(...keywords),
    fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 12 }),
  )
  .map(([keyword, parts]) => `${keyword} ${parts.join(" ")}`);
const dockerfile = fc.oneof(
  fc.array(line, { maxLength: 15 }).map((lines) => lines.join("\n")),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);

test("lintSource never throws and always returns well-formed findings", () => {
  fc.assert(
    fc.property(dockerfile, (text) => {
      const lint = lintSource("Dockerfile", text, {
        ...defaultLintConfig,
        override: { info: ["DL3057", "DL3063", "DL1001"] },
      });
      scriptsOf(lint);
      for (const finding of lint.findings) {
        expect(finding.line).toBeGreaterThanOrEqual(1);
        expect(["error", "warning", "info", "style"]).toContain(finding.level);
      }
    }),
    { numRuns: 3000 },
  );
});

test("the shell parser never throws", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).map((parts) => parts.join("")),
      (script) => {
        parseShell(script);
      },
    ),
    { numRuns: 3000 },
  );
});

/** The ways a shell user quotes an arbitrary string. */
const quoters: ((text: string) => string)[] = [
  (text) => `'${text.replace(/'/g, "'\\''")}'`,
  (text) => `"${text.replace(/[\\"$`]/g, "\\$&")}"`,
  (text) => `$'${text.replace(/[\\']/g, "\\$&")}'`,
  // Backslashes: every special character, and the first one so the word is always quoted.
  (text) =>
    /^[^\n]/.test(text)
      ? `\\${text.slice(0, 1)}${text.slice(1).replace(/[^A-Za-z0-9_./-]/g, "\\$&")}`
      : `'${text.replace(/'/g, "'\\''")}'`,
];
const shellFragments = [
  ...fragments,
  "$'",
  "\\'",
  "$((",
  "))",
  "[[",
  "]]",
  "=~",
  "^(a|b)$",
  "<(",
  ">(",
  "in",
  ";;",
  "esac",
  "function",
  "f()",
  "A=(",
  "${#x}",
  '$"',
  "\\",
];

test("the shell parser never throws and stays linear on generated scripts", () => {
  fc.assert(
    fc.property(
      fc
        .array(fc.oneof(fc.constantFrom(...shellFragments), fc.string({ maxLength: 4 })), { maxLength: 40 })
        .map((parts) => parts.join(" ")),
      (script) => {
        const parsed = parseShell(script);
        expect(parsed.commands.every((command) => typeof command.name === "string")).toBe(true);
      },
    ),
    { numRuns: 3000 },
  );
});

test("a command joined with &&, ;, |, || or a newline after any quoted word is always found", () => {
  const separator = fc.constantFrom("&&", ";", "|", "||", "\n", "&");
  const position = fc.constantFrom("argument", "command");
  // Reserved words are in the mix: quoted, they are plain words (`'[['` is a command named [[).
  const text = fc.oneof(
    fc.string({ maxLength: 20, unit: "grapheme-ascii" }),
    fc.constantFrom("[[", "]]", "case", "esac", "in", "for", "if", "{", "function", "((", "A=1", "<<EOF"),
  );
  fc.assert(
    fc.property(text, fc.nat(quoters.length - 1), separator, position, (text, style, sep, where) => {
      const word = (quoters[style] as (t: string) => string)(text);
      const script = `${where === "command" ? word : `echo ${word}`} ${sep} apk add c`;
      const found = parseShell(script).commands.filter((command) => command.name === "apk");
      expect(found.map((command) => command.args)).toEqual([["add", "c"]]);
    }),
    { numRuns: 10000 },
  );
});
