// Turns a failed bake into one error that names the step that broke and quotes buildx's own
// verdict, so the reader (and the push retry) sees the real cause, not a side warning.
import { ImagesError } from "../errors/errors.ts";
import { targetOf, type BuildProgress, type Vertex } from "./progress.ts";

/** The bake run's targets, and which of them are checks (`type=cacheonly`): their failure is a finding. */
export interface FailureScope {
  targets: readonly string[];
  checks: readonly string[];
  /** The plan's named contexts: upstream → docker-image://mirror. */
  contexts?: Record<string, string>;
}

const noScope: FailureScope = { targets: [], checks: [] };

/**
 * Pure: the error for a bake that exited non-zero. `text` is its stderr outside the progress JSON.
 * The scope's `contexts` (upstream → docker-image://mirror) let a mirror that lacks an image be
 * named with the command that seeds it, instead of BuildKit's bare "not found".
 */
export function bakeFailure(progress: BuildProgress, text: string, scope: FailureScope = noScope): ImagesError {
  const verdict = buildxVerdict(text);
  const step = culprit(progress.failed());
  const missing = missingMirror([step?.name ?? "", step?.error ?? "", verdict].join("\n"), scope.contexts ?? {});
  if (missing) return missing;
  if (step) {
    const log = progress.logs.get(step.digest)?.trimEnd().split("\n").slice(-15).join("\n") ?? "";
    const detail = [log, step.error ?? "", addsTo(verdict, step.error) ? verdict : ""];
    const check = checkOf(step, scope);
    const head = check ? [`check failed: ${check}`, `step failed: ${step.name}`] : [`step failed: ${step.name}`];
    const hint = check
      ? `The check target ${check} found a problem (above); fix it, then rerun the build.`
      : "Fix the step above; rerun with --progress plain for the full log.";
    return new ImagesError("build", [...head, ...detail].filter(Boolean).join("\n"), { hint });
  }
  const message = verdict || text.trim().split("\n").slice(-5).join("\n");
  return new ImagesError("build", `docker buildx bake failed: ${message}`, {
    hint: "Run `pnpm images doctor` if the engine or buildx is the problem.",
  });
}

function checkOf(step: Vertex, scope: FailureScope): string | undefined {
  const target = targetOf(step.name, scope.targets);
  return target && scope.checks.includes(target) ? target : undefined;
}

/** buildx ends a failed run with `ERROR: …` lines of its own. */
function buildxVerdict(text: string): string {
  return text
    .split("\n")
    .filter((line) => /^ERROR\b/.test(line.trim()))
    .slice(-3)
    .join("\n");
}

/** buildx's verdict is worth a line unless it only repeats the step's error. */
function addsTo(verdict: string, error = ""): boolean {
  return verdict !== "" && !error.includes(verdict.replace(/^ERROR:\s*(failed to solve:\s*)?/, ""));
}

/** Siblings of the failing step are cancelled; the step that broke is the one that was not. */
function culprit(failed: readonly Vertex[]): Vertex | undefined {
  return failed.find((vertex) => !/context canceled/.test(vertex.error ?? "")) ?? failed[0];
}

/** A mirror BuildKit could not resolve, as an error naming upstream, mirror and the fix. */
function missingMirror(text: string, contexts: Record<string, string>): ImagesError | undefined {
  if (!/not found|manifest unknown|failed to resolve source metadata|no match for platform/.test(text))
    return undefined;
  for (const [upstream, context] of Object.entries(contexts)) {
    const mirror = context.replace(/^docker-image:\/\//, "");
    if (mirror === context || !text.includes(mirror)) continue;
    return new ImagesError(
      "build",
      `the build needs ${upstream}, and its mirror ${mirror} does not have it (for this platform)`,
      {
        hint:
          `Run \`pnpm images bases seed --only ${upstream}\` (add ` +
          `--platform LIST for other platforms), or drop --no-setup so ` +
          `the build seeds it.`,
      },
    );
  }
  return undefined;
}
