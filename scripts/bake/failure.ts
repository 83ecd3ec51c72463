// Turns a failed bake into one error that names the step that broke and quotes buildx's own
// verdict, so the reader (and the push retry) sees the real cause, not a side warning.
import { ImagesError } from "../errors/errors.ts";
import type { BuildProgress, Vertex } from "./progress.ts";

/**
 * Pure: the error for a bake that exited non-zero. `text` is its stderr outside the progress JSON;
 * `contexts` are the plan's named contexts (upstream → docker-image://mirror), so a mirror that
 * lacks an image is named with the command that seeds it instead of BuildKit's bare "not found".
 */
export function bakeFailure(progress: BuildProgress, text: string, contexts: Record<string, string> = {}): ImagesError {
  const verdict = buildxVerdict(text);
  const step = culprit(progress.failed());
  const missing = missingMirror([step?.name ?? "", step?.error ?? "", verdict].join("\n"), contexts);
  if (missing) return missing;
  if (step) {
    const log = progress.logs.get(step.digest)?.trimEnd().split("\n").slice(-15).join("\n") ?? "";
    const detail = [log, step.error ?? "", addsTo(verdict, step.error) ? verdict : ""];
    return new ImagesError("build", [`step failed: ${step.name}`, ...detail].filter(Boolean).join("\n"), { hint: "Fix the step above; rerun with --progress plain for the full log." });
  }
  const message = verdict || text.trim().split("\n").slice(-5).join("\n");
  return new ImagesError("build", `docker buildx bake failed: ${message}`, { hint: "Run `pnpm images doctor` if the engine or buildx is the problem." });
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
  if (!/not found|manifest unknown|failed to resolve source metadata|no match for platform/.test(text)) return undefined;
  for (const [upstream, context] of Object.entries(contexts)) {
    const mirror = context.replace(/^docker-image:\/\//, "");
    if (mirror === context || !text.includes(mirror)) continue;
    return new ImagesError("build", `the build needs ${upstream}, and its mirror ${mirror} does not have it (for this platform)`, {
      hint: `Run \`pnpm images bases seed --only ${upstream}\` (add --platform LIST for other platforms), or drop --no-setup so the build seeds it.`,
    });
  }
  return undefined;
}
