// Progress for long set-up steps (apt-get, debootstrap, push): no silent minute. On a terminal one
// live line with the elapsed time; in CI plain timestamped lines, with a heartbeat while a step runs.
import type { Exec } from "../process/exec.ts";

export interface ProgressWorld {
  write: (text: string) => void;
  isTTY: boolean;
  now: () => Date;
  /** Calls `tick` every `ms` until the returned function is called. */
  every: (ms: number, tick: () => void) => () => void;
}

/** How often a plain (CI) log says a step is still running. */
export const heartbeatMs = 30_000;

/** Pure: `m:ss` for an elapsed time. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export type ProgressState = "start" | "running" | "done" | "failed";

/** Pure: one progress line. `tty` lines redraw in place; plain lines carry a UTC time stamp. */
export function progressLine(label: string, elapsedMs: number, state: ProgressState, at: Date, tty: boolean): string {
  const elapsed = formatElapsed(elapsedMs);
  if (tty) {
    const mark = state === "done" ? "✓" : state === "failed" ? "✗" : "…";
    return `\r\x1b[2K${mark} ${label} ${elapsed}${state === "done" || state === "failed" ? "\n" : ""}`;
  }
  const stamp = at.toISOString().slice(11, 19);
  const text = {
    start: `started ${label}`,
    running: `still running ${label} (${elapsed})`,
    done: `done ${label} in ${elapsed}`,
    failed: `failed ${label} after ${elapsed}`,
  }[state];
  return `[${stamp}] ${text}\n`;
}

/** Pure: a short name for a command: the program and its first argument, past sudo/env prefixes. */
export function commandLabel(argv: readonly string[]): string {
  const rest = [...argv];
  while (rest[0] === "sudo" || rest[0] === "-n" || rest[0] === "env" || /^[A-Z_]+=/.test(rest[0] ?? "")) rest.shift();
  const words = rest.filter((word) => !word.startsWith("-")).slice(0, 3);
  return words.join(" ");
}

/** Runs one step with progress around it. */
export async function withProgress<T>(label: string, run: () => Promise<T>, world: ProgressWorld): Promise<T> {
  const started = world.now().getTime();
  const line = (state: ProgressState): void =>
    world.write(progressLine(label, world.now().getTime() - started, state, world.now(), world.isTTY));
  line("start");
  const stop = world.every(world.isTTY ? 1000 : heartbeatMs, () => line("running"));
  try {
    const result = await run();
    stop();
    line("done");
    return result;
  } catch (error) {
    stop();
    line("failed");
    throw error;
  }
}

/** An Exec whose every call shows progress (for set-up commands, which can each take minutes). */
export function progressExec(exec: Exec, world: ProgressWorld): Exec {
  return (argv, options) => withProgress(commandLabel(argv), () => exec(argv, options), world);
}

/** The real world: stderr (a live line when it is a terminal), the clock and timers. */
export function stderrProgress(): ProgressWorld {
  return {
    write: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    now: () => new Date(),
    every: (ms, tick) => {
      const timer = setInterval(tick, ms);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
