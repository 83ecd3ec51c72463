// Turns a failed bake into one error that names the step that broke and quotes buildx's own
// verdict, so the reader (and the push retry) sees the real cause, not a side warning.
import { ImagesError } from "../errors/errors.ts";
import type { BuildProgress, Vertex } from "./progress.ts";

/** Pure: the error for a bake that exited non-zero. `text` is its stderr outside the progress JSON. */
export function bakeFailure(progress: BuildProgress, text: string): ImagesError {
  const verdict = buildxVerdict(text);
  const step = culprit(progress.failed());
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
