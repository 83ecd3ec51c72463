// `pnpm bench`: every bench/*.bench.ts in turn, each printing its own figures.
// `pnpm bench lint build`: only the files whose names start with one of the words.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { processInterrupts } from "../scripts/cli/interrupt.ts";
import { exec } from "../scripts/process/exec.ts";

const here = import.meta.dirname;
const interrupted = processInterrupts();
const only = process.argv.slice(2);
for (const file of readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts") && (only.length === 0 || only.some((word) => name.startsWith(word))))
  .sort()) {
  if (interrupted.aborted) break;
  console.log(`\n== ${file}`);
  const result = await exec(["node", "--import", "tsx", join(here, file)], {
    stream: true,
    check: false,
    signal: interrupted,
  });
  if (result.exitCode !== 0) process.exitCode = 1;
}
if (interrupted.aborted) process.exitCode = 130;
