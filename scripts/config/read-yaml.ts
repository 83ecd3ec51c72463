// A YAML (or JSON) input file → its checked value, or one ConfigError that lists every problem with
// its file and line: the reading edge of the one validator (shape.ts), shared by every input file.
import { LineCounter, parseDocument } from "yaml";
import { ConfigError } from "../errors/errors.ts";
import { checkShape, type Problem, type Shape, type ShapeOptions } from "./shape.ts";

export interface YamlInput extends ShapeOptions {
  /** Names the input in the error: "invalid smoke spec", "invalid config". */
  what: string;
  /** What the file is called in a problem with the whole of it: "the spec is empty". */
  noun: string;
  hint: string;
  /** YAML 1.1 where the tool that defines the format reads it so (Go's yaml.v2). */
  version?: "1.1" | "1.2";
  /** Duplicate keys are problems (yaml.v2 refuses them); default: the later one wins. */
  uniqueKeys?: boolean;
  /** A problem for an empty file; without it an empty file is an empty mapping. */
  whenEmpty?: string;
}

/** Pure: `file` only labels problems. */
export function readYaml(text: string, file: string, shape: Shape, input: YamlInput): unknown {
  const lines = new LineCounter();
  const options = {
    version: input.version ?? "1.2",
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: input.uniqueKeys ?? false,
  };
  const document = parseDocument(text, options);
  const syntax = document.errors.map((error) => ({
    line: lines.linePos(error.pos[0]).line,
    path: "(syntax)",
    message: error.message.split("\n")[0] ?? "invalid YAML",
  }));
  const fail = (problems: Problem[]): ConfigError => problemsError(input, problems, { file, hint: input.hint });
  if (syntax.length > 0) throw fail(syntax);
  if (document.contents === null) {
    if (input.whenEmpty === undefined) return {};
    throw fail([{ line: 1, path: "(top level)", message: input.whenEmpty }]);
  }
  const { value, problems } = checkShape(document.contents, shape, document, lines, input);
  if (problems.length > 0) throw fail(problems);
  return value;
}

/** One error for every problem: the first in the headline, each further one on its own `file:line:` line. */
export function problemsError(
  names: { what: string; noun: string },
  problems: readonly Problem[],
  where: { file?: string; hint: string },
): ConfigError {
  const [first, ...rest] = problems;
  const describe = (p: Problem): string => {
    if (p.path === "(syntax)") return p.message;
    return p.path === "(top level)" ? `the ${names.noun} ${p.message}` : `${p.path} ${p.message}`;
  };
  const at = (p: Problem): string => (where.file ? `${where.file}${p.line ? `:${p.line}` : ""}: ` : "");
  const more = rest.map((p) => `\n  ${at(p)}${describe(p)}`).join("");
  const headline = `${names.what}: ${first ? describe(first) : "unknown problem"}${more}`;
  return new ConfigError(headline, { ...where, ...(first?.line ? { line: first.line } : {}) });
}
