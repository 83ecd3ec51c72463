// Runs one `docker buildx bake` for a plan: starts it (ahead of the plan, when the caller can),
// gives it the override on stdin, streams progress, reads the metadata file, and always removes
// what it generated.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ImagesError } from "../errors/errors.ts";
import type { BuildPlan } from "../plan/plan.ts";
import type { Exec, ExecResult } from "../process/exec.ts";
import { bakeFailure, type FailureScope } from "./failure.ts";
import { parseMetadata, type TargetResult } from "./metadata.ts";
import { bakeArgs, bakeInput, selectionGroup, type Progress } from "./override.ts";
import { BuildProgress, JsonObjectStream, renderVertex, targetOf } from "./progress.ts";
import type { EngineCall } from "../process/engine-api.ts";
import {
  firstRefs,
  loadedRefs,
  loadsLocally,
  leftRestorePoints,
  parseRestorePoints,
  releaseArgv,
  removalsAfter,
  restoreCommands,
  restorePoints,
  restorePointsFile,
  tagsKnown,
  type TagsBefore,
} from "./tag-restore.ts";
import { tagStore } from "./tag-store.ts";

export interface BakeRun {
  results: Record<string, TargetResult>;
  steps: Record<string, { total: number; cached: number }>;
  durations: Record<string, number>;
}

/** What a bake needs before its plan: where it runs, and where its progress goes. */
export interface BakeStartOptions {
  workspace: string;
  bakeFile: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunBakeOptions extends BakeStartOptions {
  plan: BuildPlan;
  /** The engine API, for the tag restore points' few image calls (the CLI without it). */
  engine?: EngineCall;
  /** The loaded tags' images before bake, when read ahead (readTagsBefore); else read here. */
  tagsBefore?: Promise<TagsBefore>;
  /** Releases the restore points without waiting (the engine deletes the images they alone held). */
  detach?: (argv: readonly string[]) => void;
  /** A bake started ahead of this plan (startBake); else one is started here. */
  started?: StartedBake;
  /** Called once every loaded image has its names, if bake's progress shows it before bake exits. */
  exported?: () => void;
}

/**
 * A bake started before its plan exists: docker, buildx and the builder's nodes take ~0.2 s here
 * before bake reads its files, time the reads and the planner can use. It reads the override from
 * stdin, so until `give` it waits there: nothing is built or tagged.
 */
export interface StartedBake {
  /** Its folder: metadata and restore points. */
  dir: string;
  /** Restore points that killed runs left, released with this run's. */
  stale: string[];
  give: (plan: BuildPlan, exported?: () => void) => void;
  /** Stops a bake that got no plan (planning failed, nothing to build) and removes its folder. */
  drop: () => Promise<void>;
  exited: Promise<BakeExit>;
  /** Removes its folder. */
  close: () => void;
}

interface BakeExit {
  result: ExecResult;
  progress: BuildProgress;
  /** Everything bake wrote that was not progress JSON: its error, when it failed. */
  text: string;
}

const metadataFileOf = (dir: string): string => join(dir, "metadata.json");

export function startBake(options: BakeStartOptions): StartedBake {
  const parent = join(options.workspace, ".cache", "images");
  const stale = sweepOrphans(parent);
  const dir = join(parent, `bake-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  // A second Ctrl-C may end the process before `finally` runs; `exit` handlers still run.
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  process.once("exit", remove);
  const close = (): void => {
    process.removeListener("exit", remove);
    remove();
  };
  const input = deferred<string>();
  const argv = bakeArgs({
    bakeFile: options.bakeFile,
    overrideFile: "-",
    metadataFile: metadataFileOf(dir),
    targets: [selectionGroup],
  });
  const watch: ExportWatch = {};
  const exited = streamBake(options, argv, input.promise, watch);
  exited.catch(() => undefined); // awaited by runBake or drop; a failure before then is theirs to report
  let given = false;
  return {
    dir,
    stale,
    give: (plan, exported) => {
      given = true;
      if (exported) watch.waiting = { targets: loadedImageTargets(plan), exported };
      input.resolve(`${JSON.stringify(bakeInput(plan), null, 2)}\n`);
    },
    drop: async () => {
      if (given) return;
      watch.dropped = true;
      input.reject(new Error("no plan"));
      await exited.catch(() => undefined);
      close();
    },
    exited,
    close,
  };
}

export async function runBake(options: RunBakeOptions): Promise<BakeRun> {
  const bake = options.started ?? startBake(options);
  try {
    const progress = await withTagsRestored(options, bake, () => finish(options, bake));
    const names = options.plan.targets.map((t) => t.name);
    const metadataFile = metadataFileOf(bake.dir);
    return {
      results: parseMetadata(readFileSync(metadataFile, "utf8"), metadataFile),
      steps: progress.stepCounts(names),
      durations: durations(progress, names),
    };
  } finally {
    bake.close();
  }
}

/** Gives bake its plan and waits for it: its progress, or the error that says why it failed. */
async function finish(options: RunBakeOptions, bake: StartedBake): Promise<BuildProgress> {
  bake.give(options.plan, options.exported);
  const { result, progress, text } = await bake.exited;
  if (options.signal?.aborted)
    throw new ImagesError("build", "build interrupted: bake was stopped and nothing was tagged or pushed", {
      exitCode: 130,
    });
  if (result.exitCode !== 0) throw bakeFailure(progress, text || result.stderr, failureScope(options.plan));
  return progress;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: Error) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => undefined); // exec handles the rejection (it stops bake); nobody else awaits it
  return { promise, resolve, reject };
}

/**
 * Folders of runs whose process is gone (killed before it could clean up) are removed; the restore
 * points those runs took are returned, to be released with this run's.
 */
export function sweepOrphans(parent: string): string[] {
  if (!existsSync(parent)) return [];
  const stale: string[] = [];
  for (const name of readdirSync(parent)) {
    const pid = Number(/^bake-(\d+)-\d+$/.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    const points = join(parent, name, restorePointsFile);
    if (existsSync(points)) stale.push(...parseRestorePoints(readFileSync(points, "utf8")));
    rmSync(join(parent, name), { recursive: true, force: true });
  }
  return stale;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Local loads: a bake that fails puts every tag it moved back where it was (tag-restore.ts). */
async function withTagsRestored<T>(
  options: RunBakeOptions,
  run: { dir: string; stale: string[] },
  step: () => Promise<T>,
): Promise<T> {
  const refs = loadedRefs(options.plan);
  const store = tagStore(options.exec, options.engine);
  // Read and held while bake starts (each image call takes the engine ~20–60 ms here): bake moves
  // no tag before its CLI has started, read the bake files, solved and exported, ~0.7 s at the
  // least when all is cached. A tag moved before its read is read as bake's own image, so its
  // restore is a no-op, as with no restore point; a hold that lost its image fails, and the
  // restore removes the ref (removalsAfter). Neither ever names a third image.
  const taking = takeRestorePoints(options, run.dir, refs);
  try {
    return await step();
  } catch (error) {
    const restore = restoreCommands(refs, (await taking).before);
    await store.run(removalsAfter(restore, await store.run(restore)));
    throw error;
  } finally {
    // Dropping a restore point that alone held an image makes the engine delete that image, which
    // takes it ~0.1–0.4 s per image: the command need not wait for that.
    const { names, held, left } = await taking;
    const release = releaseArgv([...names.filter((_, index) => held[index]), ...run.stale, ...left]);
    if (release && options.detach) options.detach(release);
    else if (release) await store.run([release]);
  }
}

interface RestorePointsTaken {
  before: TagsBefore;
  names: string[];
  /** Per name: whether its hold was taken. */
  held: boolean[];
  /** Restore points that runs now gone left on these images, released with this run's. */
  left: string[];
}

/** Never rejects: an engine that does not answer here fails bake too, which says why. */
async function takeRestorePoints(options: RunBakeOptions, dir: string, refs: string[]): Promise<RestorePointsTaken> {
  const before = await (options.tagsBefore ?? readTagsBefore(options.exec, options.engine, options.plan));
  const left = leftRestorePoints(before, isAlive);
  const points = restorePoints(refs, before, process.pid, left);
  if (points.names.length === 0) return { before, names: [], held: [], left };
  // Named on disk before they exist: a run killed from here on leaves them for the next one to release.
  writeFileSync(join(dir, restorePointsFile), JSON.stringify(points.names));
  const held = await tagStore(options.exec, options.engine)
    .run(points.argvs)
    .catch(() => points.argvs.map(() => false));
  return { before, names: points.names, held, left };
}

/**
 * The image each local tag a plan's bake may move names now: the targets' first tags, then only
 * the refs their images do not name. Nothing to read when the plan loads nothing. Never rejects:
 * with no answer nothing is restored, and bake, which needs the same engine, says why it failed.
 */
export async function readTagsBefore(exec: Exec, engine: EngineCall | undefined, plan: BuildPlan): Promise<TagsBefore> {
  const refs = loadedRefs(plan);
  if (refs.length === 0) return {};
  const store = tagStore(exec, engine);
  try {
    const known = tagsKnown(refs, await store.inspect(firstRefs(plan)));
    if (known.unknown.length === 0) return known.before;
    return { ...known.before, ...(await store.inspect(known.unknown)) };
  } catch {
    return {};
  }
}

/** Who waits for the loaded images' export, and for which targets (set once the plan is given). */
interface ExportWatch {
  waiting?: { targets: string[]; exported: () => void };
  /** Dropped: whatever it still prints is not this build's progress. */
  dropped?: boolean;
}

function loadedImageTargets(plan: BuildPlan): string[] {
  return plan.targets.filter((target) => target.kind === "image" && loadsLocally(target)).map((target) => target.name);
}

async function streamBake(
  options: BakeStartOptions,
  argv: string[],
  input: Promise<string>,
  watch: ExportWatch,
): Promise<BakeExit> {
  const splitter = new JsonObjectStream();
  const progress = new BuildProgress();
  const onStderr = (chunk: string): void => {
    const objects = splitter.push(chunk);
    for (const vertex of objects.flatMap((status) => progress.apply(status))) {
      const line = options.progress === "quiet" || watch.dropped ? undefined : renderVertex(vertex);
      if (line) options.log(line);
    }
    const waiting = watch.waiting;
    if (waiting && waiting.targets.length > 0 && progress.imagesExported(waiting.targets)) {
      watch.waiting = undefined;
      waiting.exported();
    }
  };
  const result = await options.exec(argv, {
    cwd: options.workspace,
    env: options.env,
    check: false,
    group: true,
    input,
    onStderr,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { result, progress, text: splitter.text };
}

function failureScope(plan: BuildPlan): FailureScope {
  const names = (targets: BuildPlan["targets"]): string[] => targets.map((t) => t.name);
  const contexts = Object.fromEntries(plan.targets.flatMap((t) => Object.entries(t.contexts)));
  return { targets: names(plan.targets), checks: names(plan.targets.filter((t) => t.kind === "check")), contexts };
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
  return Object.fromEntries(
    Object.entries(spans).map(([target, span]) => [target, Math.max(0, span.end - span.start)]),
  );
}
