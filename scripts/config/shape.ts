// The one validator for YAML and JSON inputs (images.config.yaml, smoke specs, .hadolint.yaml) and the
// values that override them (IMAGES_* variables, flags): a tiny schema language checked against YAML
// nodes, so every problem carries its line. Returns the plain value and every problem at once. Pure.
import { Document, isAlias, isMap, isScalar, isSeq, Scalar, YAMLSeq, type LineCounter, type Node } from "yaml";

export type Shape =
  | StringShape
  | { kind: "int"; min?: number; max?: number }
  | { kind: "number"; min?: number }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "list"; of: Shape; orOne?: boolean }
  | { kind: "map"; of: Shape }
  | { kind: "any" }
  | { kind: "object"; fields: Readonly<Record<string, Shape>>; required?: readonly string[] };

export interface StringShape {
  kind: "string";
  pattern?: RegExp;
  /** Said after the value when the pattern does not match ("is not a platform: use os/arch"). */
  hint?: string;
  nonEmpty?: boolean;
  /** Any further check: a problem sentence, or undefined. */
  check?: (text: string) => string | undefined;
  /** What a non-string is told it must be (default "a string"). */
  expected?: string;
}

/**
 * The TypeScript type a shape accepts, every field optional (defaults fill them in later), so a
 * config type can be checked against its schema at compile time (config/types.ts).
 */
export type ShapeValue<S extends Shape> = S extends { kind: "string" }
  ? string
  : S extends { kind: "int" | "number" }
    ? number
    : S extends { kind: "bool" }
      ? boolean
      : S extends { kind: "enum"; values: readonly (infer V)[] }
        ? V
        : S extends { kind: "list"; of: infer O extends Shape }
          ? ShapeValue<O>[]
          : S extends { kind: "map"; of: infer O extends Shape }
            ? Record<string, ShapeValue<O>>
            : S extends { kind: "object"; fields: infer F extends Readonly<Record<string, Shape>> }
              ? { -readonly [K in keyof F]?: ShapeValue<F[K]> }
              : unknown;

export interface Problem {
  /** Absent for a value that came from no file (an environment variable, a flag). */
  line?: number;
  path: string;
  message: string;
}

export interface ShapeOptions {
  /**
   * yaml.v2 (Go, container-structure-test) puts any plain scalar into a string field as written:
   * `on` stays "on", `1.0` stays "1.0". Off, a number or boolean where a string belongs is a problem.
   */
  scalarsAsStrings: boolean;
}

/** A value that was present but wrong: reported once, never again as "required" or "empty". */
const invalid = Symbol("invalid");

interface Walk {
  document: Document;
  lines: LineCounter | undefined;
  options: ShapeOptions;
  problems: Problem[];
}

export function checkShape(
  node: unknown,
  shape: Shape,
  document: Document,
  lines: LineCounter,
  options: ShapeOptions,
): { value: unknown; problems: Problem[] } {
  const walk: Walk = { document, lines, options, problems: [] };
  const value = visit(walk, node, shape, "");
  return { value: value === invalid ? undefined : value, problems: walk.problems };
}

/**
 * A value from outside any file, named `label` in problems: IMAGES_CACHE_MODE=bogus, --platform banana.
 * A list shape takes comma-separated items.
 */
export function checkText(text: string, shape: Shape, label: string): { value: unknown; problems: Problem[] } {
  // An empty item (`linux/amd64,`) is a missing one, as in a YAML list.
  const items = (): Scalar[] => text.split(",").map((item) => new Scalar(item.trim() || null));
  const node = shape.kind === "list" ? seqOf(items()) : new Scalar(text);
  const walk: Walk = { document: new Document(), lines: undefined, options: { scalarsAsStrings: true }, problems: [] };
  const value = visit(walk, node, shape, label);
  return { value: value === invalid ? undefined : value, problems: walk.problems };
}

function seqOf(items: Scalar[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items = items;
  return seq;
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
      return visitList(walk, node, shape, path);
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
      problem(
        walk,
        pair.key,
        fieldPath,
        `is not a known field (expected one of: ${Object.keys(shape.fields).join(", ")})`,
      );
      continue;
    }
    const value = visit(walk, pair.value, field, fieldPath);
    if (value === invalid) present.add(key);
    else if (value !== undefined) result[key] = value;
  }
  for (const name of shape.required ?? []) {
    const missing = !present.has(name) && (result[name] === undefined || result[name] === "");
    if (missing) problem(walk, node, path ? `${path}.${name}` : name, "is required");
  }
  return result;
}

function visitMap(walk: Walk, node: unknown, of: Shape, path: string): unknown {
  if (!isMap(node)) return problem(walk, node, path, "must be a mapping");
  const result: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = keyOf(pair.key);
    const value = visit(walk, pair.value, of, path ? `${path}.${key}` : key);
    if (value !== invalid) result[key] = value ?? null;
  }
  return result;
}

function visitList(walk: Walk, node: unknown, shape: Extract<Shape, { kind: "list" }>, path: string): unknown {
  // A lone scalar where a list is accepted "or one" (hadolint's `trustedRegistries: docker.io`).
  if (shape.orOne && isScalar(node)) return visitList(walk, seqOf([node]), shape, path);
  if (!isSeq(node)) return problem(walk, node, path, "must be a list");
  const values = node.items.map((item, index) => {
    const value = visit(walk, item, shape.of, `${path}[${index}]`);
    if (value !== undefined || shape.of.kind === "any") return value;
    return problem(walk, item ?? node, `${path}[${index}]`, "must not be empty");
  });
  return values.filter((value) => value !== invalid);
}

function visitScalar(walk: Walk, node: unknown, shape: Shape, path: string): unknown {
  if (!isScalar(node)) {
    if (shape.kind === "any") return (node as { toJSON?: () => unknown }).toJSON?.();
    return problem(walk, node, path, `must be ${describe(shape)}`);
  }
  const value = node.value;
  switch (shape.kind) {
    case "string":
      return checkString(walk, node, shape, path, value);
    case "int":
    case "number":
      return checkNumber(walk, node, shape, path, value);
    case "bool":
      return typeof value === "boolean" ? value : problem(walk, node, path, "must be true or false");
    case "enum":
      return checkEnum(walk, node, shape, path, value);
    default:
      return value;
  }
}

function checkString(walk: Walk, node: Node, shape: StringShape, path: string, value: unknown): unknown {
  const coerced = walk.options.scalarsAsStrings && (typeof value === "number" || typeof value === "boolean");
  if (typeof value !== "string" && !coerced) return problem(walk, node, path, `must be ${describe(shape)}`);
  const text = scalarText(node, value);
  if (shape.nonEmpty && text === "") return problem(walk, node, path, "must not be empty");
  if (shape.pattern && !shape.pattern.test(text)) {
    return problem(walk, node, path, `"${text}" ${shape.hint ?? `must match ${String(shape.pattern)}`}`);
  }
  const trouble = shape.check?.(text);
  return trouble ? problem(walk, node, path, trouble) : text;
}

function checkEnum(
  walk: Walk,
  node: Node,
  shape: Extract<Shape, { kind: "enum" }>,
  path: string,
  value: unknown,
): unknown {
  if (typeof value === "string" && shape.values.includes(value)) return value;
  return problem(walk, node, path, `must be one of: ${shape.values.join(", ")} (got "${scalarText(node, value)}")`);
}

function checkNumber(
  walk: Walk,
  node: Node,
  shape: Extract<Shape, { kind: "int" | "number" }>,
  path: string,
  value: unknown,
): unknown {
  const whole = shape.kind === "int";
  if (typeof value !== "number" || (whole && !Number.isInteger(value))) {
    return problem(walk, node, path, `must be ${whole ? "an integer" : "a number"}`);
  }
  if (shape.min !== undefined && value < shape.min) return problem(walk, node, path, `must be at least ${shape.min}`);
  const max = shape.kind === "int" ? shape.max : undefined;
  if (max !== undefined && value > max) return problem(walk, node, path, `must be at most ${max}`);
  return value;
}

function keyOf(key: unknown): string {
  return isScalar(key) ? scalarText(key, key.value) : String(key);
}

function scalarText(node: Node, value: unknown): string {
  if (typeof value === "string") return value;
  const source = (node as { source?: unknown }).source;
  return typeof source === "string" ? source : String(value);
}

function describe(shape: Shape): string {
  if (shape.kind === "string") return shape.expected ?? "a string";
  if (shape.kind === "int") return "an integer";
  if (shape.kind === "bool") return "true or false";
  if (shape.kind === "enum") return `one of: ${shape.values.join(", ")}`;
  return `a ${shape.kind}`;
}

function problem(walk: Walk, node: unknown, path: string, message: string): typeof invalid {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const line = range && walk.lines ? walk.lines.linePos(range[0]).line : walk.lines ? 1 : undefined;
  walk.problems.push({ ...(line === undefined ? {} : { line }), path: path || "(top level)", message });
  return invalid;
}
