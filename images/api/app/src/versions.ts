// Versions of the tools the image promises, read at run time (not baked in at build time),
// so /status proves what is really installed in the running container.
import { execFile } from "node:child_process";

export type ToolName = "chromium" | "git" | "rg" | "python3";

const commands: Record<ToolName, readonly string[]> = {
  chromium: [process.env.PUPPETEER_EXECUTABLE_PATH ?? "chromium", "--version"],
  git: ["git", "--version"],
  rg: ["rg", "--version"],
  python3: ["python3", "--version"],
};

/** "Chromium 131.0.6778.85 built on Debian" → "131.0.6778.85"; first dotted number wins. */
export function versionOf(output: string): string {
  const match = /\d+(?:\.\d+)+/.exec(output);
  return match ? match[0] : (output.trim().split("\n")[0] ?? "");
}

function run(argv: readonly string[]): Promise<string> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    execFile(file ?? "", args, { timeout: 10_000 }, (error, stdout, stderr) => {
      resolve(error ? "missing" : versionOf(`${stdout}${stderr}`));
    });
  });
}

export async function toolVersions(): Promise<Record<ToolName, string>> {
  const names = Object.keys(commands) as ToolName[];
  const found = await Promise.all(names.map((name) => run(commands[name])));
  return Object.fromEntries(names.map((name, i) => [name, found[i] ?? "missing"])) as Record<ToolName, string>;
}
