// Ctrl-C as the CLI handles it: the first signal aborts the command (which stops and removes what it
// started), a second says cleanup is under way, a third quits at once. Node's default (exit on the
// first signal, children left running) never applies. Exit 130 after an interrupt, whatever the
// command threw on its way out.
import { formatError, InterruptedError } from "../errors/errors.ts";

export interface Outcome {
  code: number;
  error?: unknown;
}

export interface Interrupts {
  signal: AbortSignal;
  /** Call once per SIGINT/SIGTERM. */
  onSignal: () => void;
}

export function interrupts(say: (line: string) => void, quit: (code: number) => never): Interrupts {
  const controller = new AbortController();
  let seen = 0;
  const onSignal = (): void => {
    seen += 1;
    if (seen === 1) controller.abort(new InterruptedError());
    else if (seen === 2)
      say("stopping: removing containers and generated files (Ctrl-C again quits now, leaving them)");
    else quit(130);
  };
  return { signal: controller.signal, onSignal };
}

/**
 * After an interrupt, a failure (a docker child killed by the same Ctrl-C reads as a failed command)
 * is reported as the interrupt, exit 130, unless it already says so itself. A failure waits `pause`
 * first, so a signal that arrived together with the child's exit has been handled.
 */
export async function settle(run: Promise<number>, signal: AbortSignal, pause = defaultPause): Promise<Outcome> {
  const settled: Outcome = await run.then(
    (code) => ({ code }),
    (error: unknown) => ({ code: formatError(error).exitCode, error }),
  );
  if (settled.code !== 0) await pause();
  if (!signal.aborted) return settled;
  const keep = settled.error instanceof Error && formatError(settled.error).exitCode === 130;
  return { code: 130, error: keep ? settled.error : signal.reason };
}

function defaultPause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * For the repository's own scripts (`pnpm test`, `pnpm bench`), which start children without runCli:
 * SIGINT/SIGTERM abort the returned signal (pass it to exec, which stops the child's tree); a third quits.
 * The script then exits 130 when `signal.aborted`.
 */
export function processInterrupts(): AbortSignal {
  const stop = interrupts(
    (line) => process.stderr.write(`${line}\n`),
    (code) => process.exit(code),
  );
  process.on("SIGINT", stop.onSignal);
  process.on("SIGTERM", stop.onSignal);
  return stop.signal;
}
