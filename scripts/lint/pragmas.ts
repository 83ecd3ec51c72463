// `# hadolint ignore=…` (next instruction), `# hadolint global ignore=…` (whole file) and
// `# hadolint stage ignore=…` (the stage the pragma sits in, or the stage that starts right after it).
import type { DockerfileModel } from "./dockerfile/model.ts";

export interface Pragmas {
  /** Instruction line → codes ignored there. */
  lines: Map<number, Set<string>>;
  global: Set<string>;
  stages: { from: number; to: number; codes: Set<string> }[];
}

const pragma = /^hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)\s*(?:#.*)?$/;

export function parsePragma(text: string): { scope: "line" | "global" | "stage"; codes: string[] } | undefined {
  const match = pragma.exec(text);
  if (!match?.[2]) return undefined;
  const scope = match[1] === "global" ? "global" : match[1] === "stage" ? "stage" : "line";
  return { scope, codes: match[2].split(",").map((code) => code.trim().toUpperCase()) };
}

export function collectPragmas(model: DockerfileModel): Pragmas {
  const result: Pragmas = { lines: new Map(), global: new Set(), stages: [] };
  const fromLines = model.instructions.filter((item) => item.keyword === "FROM").map((item) => item.line);
  for (const comment of model.comments) {
    const parsed = parsePragma(comment.text);
    if (!parsed) continue;
    if (parsed.scope === "global") parsed.codes.forEach((code) => result.global.add(code));
    else if (parsed.scope === "line")
      result.lines.set(comment.line + 1, new Set([...(result.lines.get(comment.line + 1) ?? []), ...parsed.codes]));
    else result.stages.push({ ...stageRange(model, fromLines, comment.line), codes: new Set(parsed.codes) });
  }
  return result;
}

function stageRange(model: DockerfileModel, fromLines: number[], line: number): { from: number; to: number } {
  const next = model.instructions.find((item) => item.line > line);
  const start = next?.keyword === "FROM" ? next.line : line;
  const end = fromLines.find((fromLine) => fromLine > start);
  return { from: line, to: end === undefined ? Number.MAX_SAFE_INTEGER : end - 1 };
}

export function isIgnored(pragmas: Pragmas, code: string, line: number): boolean {
  if (pragmas.global.has(code) || pragmas.lines.get(line)?.has(code)) return true;
  return pragmas.stages.some((stage) => stage.codes.has(code) && line >= stage.from && line <= stage.to);
}
