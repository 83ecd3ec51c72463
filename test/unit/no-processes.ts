// Unit-tier guard: a test that starts a process fails, whatever the code under test does with the
// error. Every spawning function of node:child_process throws, and the attempt is remembered so a
// caught throw still fails the test in afterEach. Logic takes an injected Exec; tests pass a fake.
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import { afterEach } from "vitest";

const spawning = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;
const attempts: string[] = [];

function describeCall(name: string, args: unknown[]): string {
  const [command, rest] = args;
  const argv = Array.isArray(rest) ? rest.map(String) : [];
  return `child_process.${name}(${[String(command), ...argv].join(" ")})`;
}

for (const name of spawning) {
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: (...args: unknown[]): never => {
      const call = describeCall(name, args);
      attempts.push(call);
      throw new Error(`the unit tier spawns no process, but this test ran ${call}; inject a fake Exec`);
    },
  });
}
// ESM importers of node:child_process see the patched functions too.
syncBuiltinESMExports();

afterEach(() => {
  const seen = attempts.splice(0);
  if (seen.length > 0) throw new Error(`the unit tier spawns no process, but this test tried: ${seen.join("; ")}`);
});
