// A tiny schema language checked against YAML nodes, so every problem carries its line.
// Returns the plain value (scalars coerced like Go's yaml.v2 does for string fields) and all problems.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import { compileGoRegex } from "./go-regex.ts";

export type Shape =
  | { kind: "string"; pattern?: RegExp; hint?: string }
  | { kind: "regex" }
  | { kind: "int"; min?: number }
  | { kind: "number"; min?: number }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "list"; of: Shape }
  | { kind: "map"; of: Shape }
  | { kind: "any" }
  | { kind: "object"; fields: Record<string, Shape>; required?: readonly string[] };

export interface Problem {
  line: number;
  path: string;
  message: string;
}

/** A value that was present but wrong: reported once, never again as "required" or "empty". */
const invalid = Symbol("invalid");

interface Walk {
  document: Document;
  lines: LineCounter;
  problems: Problem[];
}

export function checkShape(node: unknown, shape: Shape, document: Document, lines: LineCounter): { value: unknown; problems: Problem[] } {
  const walk: Walk = { document, lines, problems: [] };
  const value = visit(walk, node, shape, "");
  return { value: value === invalid ? undefined : value, problems: walk.problems };
}

function visit(walk: Walk, raw: unknown, shape: Shape, path: string): unknown {
  const node = isAlias(raw) ? raw.resolve(walk.document) : raw;
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return undefined;
  switch (shape.kind) {
    case "object":
      return visitObject(walk, node, shape, path);
    case "map":
      return visitMap(walk, node, shape.of, path);
    case "list":
      return visitList(walk, node, shape.of, path);
    default:
      return visitScalar(walk, node, shape, path);
  }
}

function visitObject(walk: Walk, node: unknown, shape: Extract<Shape, { kind: "object" }>, path: string): unknown {
  if (!isMap(node)) return problem(walk, node, path, "must be a mapping");
  const result: Record<string, unknown> = {};
  const present = new Set<string>();
  for (const pair of node.items) {
    const key = keyOf(pair.key);
    const fieldPath = path ? `${path}.${key}` : key;
    const field = shape.fields[key];
    if (!field) {
      problem(walk, pair.key, fieldPath, `is not a known field (expected one of: ${Object.keys(shape.fields).join(", ")})`);
      continue;
    }
    const value = visit(walk, pair.value, field, fieldPath);
    if (value === invalid) present.add(key);
    else if (value !== undefined) result[key] = value;
  }
  for (const name of shape.required ?? []) {
    if (!present.has(name) && (result[name] === undefined || result[name] === "")) problem(walk, node, path ? `${path}.${name}` : name, "is required");
  }
  return result;
}

function visitMap(walk: Walk, node: unknown, of: Shape, path: string): unknown {
  if (!isMap(node)) return problem(walk, node, path, "must be a mapping");
  const result: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = keyOf(pair.key);
    const value = visit(walk, pair.value, of, `${path}.${key}`);
    if (value !== invalid) result[key] = value ?? null;
  }
  return result;
}

function visitList(walk: Walk, node: unknown, of: Shape, path: string): unknown {
  if (!isSeq(node)) return problem(walk, node, path, "must be a list");
  const values = node.items.map((item, index) => {
    const value = visit(walk, item, of, `${path}[${index}]`);
    return value === undefined && of.kind !== "any" ? problem(walk, item ?? node, `${path}[${index}]`, "must not be empty") : value;
  });
  return values.filter((value) => value !== invalid);
}

function visitScalar(walk: Walk, node: unknown, shape: Shape, path: string): unknown {
  if (!isScalar(node)) return shape.kind === "any" ? (node as { toJSON?: () => unknown }).toJSON?.() : problem(walk, node, path, `must be ${describe(shape)}`);
  const value = node.value;
  switch (shape.kind) {
    case "string":
      return checkString(walk, node, shape, path, value);
    case "regex":
      return checkRegex(walk, node, path, value);
    case "int":
    case "number":
      return checkNumber(walk, node, shape, path, value);
    case "bool":
      return typeof value === "boolean" ? value : problem(walk, node, path, "must be true or false");
    case "enum":
      return typeof value === "string" && shape.values.includes(value) ? value : problem(walk, node, path, `must be one of: ${shape.values.join(", ")}`);
    default:
      return value;
  }
}

function checkString(walk: Walk, node: Node, shape: Extract<Shape, { kind: "string" }>, path: string, value: unknown): unknown {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return problem(walk, node, path, "must be a string");
  const text = scalarText(node, value);
  if (shape.pattern && !shape.pattern.test(text)) return problem(walk, node, path, `"${text}" ${shape.hint ?? `must match ${String(shape.pattern)}`}`);
  return text;
}

function checkRegex(walk: Walk, node: Node, path: string, value: unknown): unknown {
  if (typeof value !== "string" && typeof value !== "number") return problem(walk, node, path, "must be a string (a regular expression)");
  const text = scalarText(node, value);
  try {
    compileGoRegex(text);
  } catch (error) {
    return problem(walk, node, path, `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}

function checkNumber(walk: Walk, node: Node, shape: Extract<Shape, { kind: "int" | "number" }>, path: string, value: unknown): unknown {
  const whole = shape.kind === "int";
  if (typeof value !== "number" || (whole && !Number.isInteger(value))) return problem(walk, node, path, `must be ${whole ? "an integer" : "a number"}`);
  if (shape.min !== undefined && value < shape.min) return problem(walk, node, path, `must be at least ${shape.min}`);
  return value;
}

function keyOf(key: unknown): string {
  return isScalar(key) ? scalarText(key, key.value) : String(key);
}

/** yaml.v2 puts a plain scalar into a string field as written: `on` stays "on", `1.0` stays "1.0". */
function scalarText(node: Node, value: unknown): string {
  if (typeof value === "string") return value;
  const source = (node as { source?: unknown }).source;
  return typeof source === "string" ? source : String(value);
}

function describe(shape: Shape): string {
  if (shape.kind === "int") return "an integer";
  if (shape.kind === "bool") return "true or false";
  if (shape.kind === "enum") return `one of: ${shape.values.join(", ")}`;
  return `a ${shape.kind === "regex" ? "string" : shape.kind}`;
}

function problem(walk: Walk, node: unknown, path: string, message: string): typeof invalid {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  walk.problems.push({ line: range ? walk.lines.linePos(range[0]).line : 1, path: path || "(top level)", message });
  return invalid;
}
