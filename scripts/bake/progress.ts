// buildx `--progress rawjson` → per-step state. The stream is a sequence of pretty-printed
// JSON objects (SolveStatus); we split it by brace depth, then fold vertices by digest.

export interface Vertex {
  digest: string;
  name: string;
  cached: boolean;
  started?: string;
  completed?: string;
  error?: string;
}

interface SolveStatus {
  vertexes?: {
    digest: string;
    name?: string;
    cached?: boolean;
    started?: string;
    completed?: string;
    error?: string;
  }[];
  logs?: { vertex: string; data?: string }[];
}

/** Splits concatenated JSON objects out of arbitrary chunks; what lies between them is `text`. */
export class JsonObjectStream {
  /** Plain text outside the objects: buildx prints its final `ERROR: …` this way. */
  text = "";
  private buffer = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;
  /** buildx starts each object on a line of its own; a brace inside plain text is text. */
  private atLineStart = true;

  push(chunk: string): unknown[] {
    this.buffer += chunk;
    const objects: unknown[] = [];
    let start = this.depth > 0 ? 0 : -1;
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === "\\") this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (this.depth === 0 && !(c === "{" && this.atLineStart)) {
        this.text += c;
        this.atLineStart = c === "\n" || (this.atLineStart && /\s/.test(c ?? ""));
      } else if (c === '"') this.inString = true;
      else if (c === "{" && this.depth++ === 0) start = i;
      else if (c === "}" && --this.depth === 0 && start >= 0) {
        objects.push(parseOrSkip(this.buffer.slice(start, i + 1)));
        this.buffer = this.buffer.slice(i + 1);
        this.atLineStart = true;
        i = -1;
        start = -1;
      }
    }
    // Keep only the unfinished object, so the next chunk resumes at its first brace.
    this.buffer = this.depth === 0 ? "" : this.buffer.slice(Math.max(start, 0));
    this.scanned = this.buffer.length;
    return objects.filter((object) => object !== undefined);
  }
}

function parseOrSkip(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const cacheImport = /^(\[[^\]]*\] )?importing cache manifest from /;

/** A build step (not an internal load/export): "[2/5] …", "[stage 2/5] …", "[target stage 2/5] …". */
const stepPattern = /^\[([^\]]*?)\s*\d+\/\d+\]/;

/**
 * Which target a vertex belongs to. bake prefixes names with the target only when it builds
 * more than one; with a single target every vertex is that target's.
 */
export function targetOf(name: string, targets: readonly string[]): string | undefined {
  if (targets.length === 1) return targets[0];
  const first = /^\[(\S+?)[\] ]/.exec(name)?.[1];
  return first && targets.includes(first) ? first : undefined;
}

/** The docker driver's image export (moby's exporter): when it completes, the image has its names. */
const imageExport = /^(?:\[(\S+)\] )?exporting to image$/;

export class BuildProgress {
  readonly vertices = new Map<string, Vertex>();
  readonly logs = new Map<string, string>();

  apply(status: unknown): Vertex[] {
    const { vertexes = [], logs = [] } = status as SolveStatus;
    for (const log of logs)
      this.logs.set(
        log.vertex,
        (this.logs.get(log.vertex) ?? "") + Buffer.from(log.data ?? "", "base64").toString("utf8"),
      );
    return vertexes.map((raw) => {
      const vertex = {
        ...this.vertices.get(raw.digest),
        ...raw,
        name: raw.name ?? this.vertices.get(raw.digest)?.name ?? "",
        cached: raw.cached ?? this.vertices.get(raw.digest)?.cached ?? false,
      };
      this.vertices.set(raw.digest, vertex);
      return vertex;
    });
  }

  /**
   * Whether every one of these targets' image exports has completed: their images then have their
   * names, while bake still exports caches and exits (~0.4 s here). One target's steps carry no prefix.
   */
  imagesExported(targets: readonly string[]): boolean {
    const done = new Set<string>();
    for (const vertex of this.vertices.values()) {
      const match = imageExport.exec(vertex.name);
      if (!match || !vertex.completed || vertex.error) continue;
      const target = match[1] ?? (targets.length === 1 ? targets[0] : undefined);
      if (target) done.add(target);
    }
    return targets.every((target) => done.has(target));
  }

  /** Steps per target: total and cached. Shared steps count once, for the target that ran them. */
  stepCounts(targets: readonly string[]): Record<string, { total: number; cached: number }> {
    const counts: Record<string, { total: number; cached: number }> = {};
    for (const vertex of this.vertices.values()) {
      if (!stepPattern.test(vertex.name) || / FROM /.test(vertex.name)) continue;
      const target = targetOf(vertex.name, targets);
      if (!target) continue;
      const entry = (counts[target] ??= { total: 0, cached: 0 });
      entry.total += 1;
      if (vertex.cached) entry.cached += 1;
    }
    return counts;
  }

  /** Steps that failed the build. A missing cache to import is not one: BuildKit warns and builds on. */
  failed(): Vertex[] {
    return [...this.vertices.values()].filter((vertex) => vertex.error && !cacheImport.test(vertex.name));
  }
}

/** One plain line per finished vertex, like buildx's plain progress but shorter. */
export function renderVertex(vertex: Vertex): string | undefined {
  if (!vertex.completed) return undefined;
  if (vertex.error) return `ERROR ${vertex.name}: ${vertex.error}`;
  if (vertex.cached) return `CACHED ${vertex.name}`;
  const seconds = vertex.started ? (Date.parse(vertex.completed) - Date.parse(vertex.started)) / 1000 : 0;
  return `DONE ${seconds.toFixed(1)}s ${vertex.name}`;
}
