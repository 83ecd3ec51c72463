// Runs one `docker buildx bake` for a plan: writes the override file, streams progress,
// reads the metadata file, and always removes what it generated.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ImagesError } from "../errors/errors.ts";
import type { BuildPlan } from "../plan/plan.ts";
import type { Exec } from "../process/exec.ts";
import { bakeFailure } from "./failure.ts";
import { parseMetadata, type TargetResult } from "./metadata.ts";
import { bakeArgs, bakeOverride, type Progress } from "./override.ts";
import { BuildProgress, JsonObjectStream, renderVertex, targetOf } from "./progress.ts";

export interface BakeRun {
  results: Record<string, TargetResult>;
  steps: Record<string, { total: number; cached: number }>;
  durations: Record<string, number>;
}

export interface RunBakeOptions {
  workspace: string;
  bakeFile: string;
  plan: BuildPlan;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export async function runBake(options: RunBakeOptions): Promise<BakeRun> {
  const dir = join(options.workspace, ".cache", "images", `bake-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const overrideFile = join(dir, "override.json");
  const metadataFile = join(dir, "metadata.json");
  try {
    writeFileSync(overrideFile, `${JSON.stringify(bakeOverride(options.plan), null, 2)}\n`);
    const targets = options.plan.targets.filter((t) => t.requested).map((t) => t.name);
    const progress = await streamBake(options, bakeArgs({ bakeFile: options.bakeFile, overrideFile, metadataFile, targets }));
    const names = options.plan.targets.map((t) => t.name);
    return { results: parseMetadata(readFileSync(metadataFile, "utf8"), metadataFile), steps: progress.stepCounts(names), durations: durations(progress, names) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function streamBake(options: RunBakeOptions, argv: string[]): Promise<BuildProgress> {
  const splitter = new JsonObjectStream();
  const progress = new BuildProgress();
  const onStderr = (chunk: string): void => {
    const objects = splitter.push(chunk);
    for (const vertex of objects.flatMap((status) => progress.apply(status))) {
      const line = options.progress === "quiet" ? undefined : renderVertex(vertex);
      if (line) options.log(line);
    }
  };
  const result = await options.exec(argv, { cwd: options.workspace, env: options.env, check: false, group: true, onStderr, ...(options.signal ? { signal: options.signal } : {}) });
  if (options.signal?.aborted) throw new ImagesError("build", "build interrupted: bake was stopped and nothing was tagged or pushed", { exitCode: 130 });
  if (result.exitCode !== 0) throw bakeFailure(progress, splitter.text || result.stderr, Object.fromEntries(options.plan.targets.flatMap((t) => Object.entries(t.contexts))));
  return progress;
}

function durations(progress: BuildProgress, targets: readonly string[]): Record<string, number> {
  const spans: Record<string, { start: number; end: number }> = {};
  for (const vertex of progress.vertices.values()) {
    const target = targetOf(vertex.name, targets);
    if (!target || !vertex.started || !vertex.completed) continue;
    const span = (spans[target] ??= { start: Infinity, end: 0 });
    span.start = Math.min(span.start, Date.parse(vertex.started));
    span.end = Math.max(span.end, Date.parse(vertex.completed));
  }
  return Object.fromEntries(Object.entries(spans).map(([target, span]) => [target, Math.max(0, span.end - span.start)]));
}
