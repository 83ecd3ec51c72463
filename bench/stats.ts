// Figures of a timing series: what `pnpm bench` prints for each command.

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spreadOf(times: readonly number[]): Spread {
  if (times.length === 0) throw new Error("spreadOf: no times");
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted.at(-1) ?? 0 };
}

/**
 * Runs each command once per round, in turns, so drift (other load, BuildKit's own work) hits all
 * alike. `settle`, untimed, runs after each command: work a command leaves running in the
 * background is then not charged to the next one.
 */
export async function interleaved(
  rounds: number,
  commands: readonly (() => Promise<unknown>)[],
  settle: () => Promise<void> = () => Promise.resolve(),
): Promise<number[][]> {
  const times: number[][] = commands.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, command] of commands.entries()) {
      const start = performance.now();
      await command();
      times[index]?.push(performance.now() - start);
      await settle();
    }
  }
  return times;
}

/** One row: name, min / median / max in ms, and the median's ratio to a reference median. */
export function spreadLine(name: string, spread: Spread, reference?: { median: number; target: string }): string {
  const ms = (value: number): string => value.toFixed(0).padStart(6);
  const ratio = reference ? `  ratio ${(spread.median / reference.median).toFixed(2)}× (${reference.target})` : "";
  return `${name.padEnd(34)}${ms(spread.min)}${ms(spread.median)}${ms(spread.max)} ms${ratio}`;
}
