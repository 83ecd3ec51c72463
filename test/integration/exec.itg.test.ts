// The one door to processes, on real ones: programs start without a shell, a missing one is an
// EngineError, stdin may come later (or never: the process is stopped), and a stop reaches the
// whole process group.
import { expect, test } from "vitest";
import { EngineError } from "../../scripts/errors/errors.ts";
import { exec } from "../../scripts/process/exec.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("arguments reach the program as they are: no shell splits or expands them", async () => {
  const result = await exec(["printf", "%s|", "a b", "$HOME", "*"]);
  expect(result.stdout).toBe("a b|$HOME|*|");
});

test("a program that is not on PATH is an EngineError that names it", async () => {
  await expect(exec(["images-no-such-program"])).rejects.toThrow(EngineError);
  await expect(exec(["images-no-such-program"])).rejects.toThrow(/`images-no-such-program` is not installed/);
});

test("input given later reaches stdin when it is ready", async () => {
  const later = new Promise<string>((resolve) => setTimeout(() => resolve("given later\n"), 50));
  expect((await exec(["cat"], { input: later })).stdout).toBe("given later\n");
});

test("input that never comes stops the process instead of leaving it waiting", async () => {
  const never = new Promise<string>((_, reject) => setTimeout(() => reject(new Error("no plan")), 50));
  const started = performance.now();
  const result = await exec(["sh", "-c", "cat; sleep 30"], { input: never, check: false });
  expect(result.exitCode).toBe(128);
  expect(performance.now() - started).toBeLessThan(10_000);
});

test("an abort stops the whole group: the program's own children too", async () => {
  const stop = new AbortController();
  let child = 0;
  const run = exec(["sh", "-c", "sleep 300 & echo $!; wait"], {
    signal: stop.signal,
    check: false,
    onStdout: (chunk) => {
      child = Number(chunk.trim());
      stop.abort();
    },
  });
  expect((await run).exitCode).toBe(128);
  await expect.poll(() => alive(child), { timeout: 5_000 }).toBe(false);
});

test("a timeout stops the process", async () => {
  const result = await exec(["sleep", "30"], { timeoutMs: 100, check: false });
  expect(result.exitCode).toBe(128);
});
