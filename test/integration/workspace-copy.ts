// A throwaway copy of the fixture workspace, in its own git repository, and a way to run the CLI on it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { exec, type ExecResult } from "../../scripts/process/exec.ts";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const fixtureWorkspace = join(repoRoot, "test/fixtures/workspace");

export interface WorkspaceCopy {
  dir: string;
  remove: () => void;
}

export async function copyWorkspace(source = fixtureWorkspace): Promise<WorkspaceCopy> {
  const dir = mkdtempSync(join(tmpdir(), "images-itg-"));
  cpSync(source, dir, { recursive: true, filter: (source) => !source.includes(".cache") });
  const git = (...args: string[]): Promise<ExecResult> =>
    exec(["git", "-c", "user.name=itg", "-c", "user.email=itg@example.invalid", ...args], { cwd: dir });
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "fixture");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** How users start the CLI (`pnpm images` runs this): the cached bundle of scripts/. */
export const cliCommand = ["node", join(repoRoot, "bin/images.cjs")];

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStderr?: (chunk: string) => void,
): Promise<ExecResult> {
  return exec([...cliCommand, ...args], {
    cwd: repoRoot,
    env: { ...process.env, GITHUB_ACTIONS: "", ...env },
    check: false,
    ...(onStderr ? { onStderr } : {}),
  });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
