// Exit 130 after Ctrl-C in every command, and a docker child killed by the same Ctrl-C is not
// reported as a docker failure.
import { describe, expect, test } from "vitest";
import { interrupts, settle } from "../../../scripts/cli/interrupt.ts";
import { CommandError, ImagesError, InterruptedError } from "../../../scripts/errors/errors.ts";

const noPause = async (): Promise<void> => undefined;
const quit = (code: number): never => {
  throw new Error(`quit ${code}`);
};

function interrupted(): AbortSignal {
  const stop = interrupts(() => undefined, quit);
  stop.onSignal();
  return stop.signal;
}

describe("settle", () => {
  test("a docker child killed by the same Ctrl-C is reported as the interrupt, exit 130", async () => {
    const failure = Promise.reject(new CommandError(["docker", "run", "x"], null, ""));
    const outcome = await settle(failure, interrupted(), noPause);
    expect(outcome.code).toBe(130);
    expect(outcome.error).toBeInstanceOf(InterruptedError);
  });

  test("a command that returns a failure code after Ctrl-C exits 130 too", async () => {
    expect((await settle(Promise.resolve(1), interrupted(), noPause)).code).toBe(130);
  });

  test("an error that already says it was interrupted keeps its message", async () => {
    const bake = new ImagesError("build", "build interrupted: bake was stopped", { exitCode: 130 });
    expect(await settle(Promise.reject(bake), interrupted(), noPause)).toEqual({ code: 130, error: bake });
  });

  test("without an interrupt a failure keeps its own exit code", async () => {
    const failure = new CommandError(["docker", "run", "x"], 125, "no such image");
    expect(await settle(Promise.reject(failure), new AbortController().signal, noPause)).toEqual({
      code: 1,
      error: failure,
    });
  });
});

describe("interrupts", () => {
  test("the first signal aborts, the second only says cleanup is under way, the third quits with 130", () => {
    const said: string[] = [];
    const stop = interrupts((line) => said.push(line), quit);
    stop.onSignal();
    expect(stop.signal.reason).toBeInstanceOf(InterruptedError);
    stop.onSignal();
    expect(said).toEqual([expect.stringMatching(/^stopping: removing containers/)]);
    expect(() => stop.onSignal()).toThrow("quit 130");
  });
});
