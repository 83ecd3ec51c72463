// Read the trigger from local git outside Actions: a push of the current branch, or of the
// tag HEAD sits on. Without git, a repository or a commit it still answers, and says why.
import { basename } from "node:path";
import semver from "semver";
import type { Exec } from "../process/exec.ts";
import { compact } from "./github-context.ts";
import type { GitContext, RepoInfo } from "./types.ts";

const fallbackRef = "refs/heads/local";

/**
 * What `git log` says of HEAD: its commit, date, the branch HEAD is on and the tags at it, in one
 * process. The decorations are named explicitly, so a `log.excludeDecoration` setting cannot hide a
 * tag; a ref name holds no space, so ", " separates them.
 */
export const headLogArgs = [
  "log",
  "-1",
  "--no-show-signature",
  "--format=%H%n%cI%n%D",
  "--decorate-refs=HEAD",
  "--decorate-refs=refs/heads/",
  "--decorate-refs=refs/tags/",
  "HEAD",
];

export interface HeadLog {
  sha: string;
  date: string;
  /** The branch HEAD is attached to; undefined when detached. */
  branch?: string;
  tags: string[];
}

/** Pure: the text of `git log` with {@link headLogArgs}, or undefined when it is not that. */
export function parseHeadLog(text: string | undefined): HeadLog | undefined {
  const [sha, date = "", decorations = ""] = (text ?? "").split("\n");
  if (!sha || !/^[0-9a-f]{40,64}$/.test(sha)) return undefined;
  const names = decorations.split(", ").filter(Boolean);
  const branch = names.find((name) => name.startsWith("HEAD -> "))?.slice("HEAD -> ".length);
  const tags = names.filter((name) => name.startsWith("tag: ")).map((name) => name.slice("tag: ".length));
  return { sha, date, tags, ...(branch ? { branch } : {}) };
}

export async function contextFromGit(exec: Exec, cwd: string): Promise<GitContext> {
  const git = gitRunner(exec, cwd);
  // Three reads side by side (HEAD's log, the origin URL, origin's default branch); only a checkout
  // without commits, or no repository at all, costs a fourth.
  const [logText, remote, originHead] = await Promise.all([
    git(headLogArgs),
    git(["remote", "get-url", "origin"]),
    git(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]),
  ]);
  const head = parseHeadLog(logText);
  const unbornBranch = head ? undefined : await git(["symbolic-ref", "-q", "--short", "HEAD"]);
  if (!head && unbornBranch === undefined) {
    return {
      eventName: "push",
      ref: fallbackRef,
      sha: "",
      repo: localRepo(cwd, undefined),
      notes: [`${cwd} is not a git repository: using ${fallbackRef}, no sha tag and an empty revision label`],
    };
  }
  const notes: string[] = [];
  const ref = chooseRef(head ? head.branch : unbornBranch, head?.tags ?? [], notes);
  if (!head) notes.push("the repository has no commits yet: no sha tag and an empty revision label");
  const origin = parseRemote(remote);
  const defaultBranch = originHead?.replace(/^origin\//, "") || undefined;
  return compact({
    eventName: "push",
    ref,
    sha: head?.sha ?? "",
    defaultBranch,
    repository: origin?.repository,
    serverUrl: origin?.serverUrl,
    commitDate: head?.date ? new Date(head.date) : undefined,
    repo: localRepo(cwd, origin, defaultBranch),
    notes,
  });
}

/** The committer date of a commit in the checkout, when git can tell. */
export async function commitDateFromGit(exec: Exec, cwd: string, sha: string): Promise<Date | undefined> {
  const text = await gitRunner(exec, cwd)(["show", "-s", "--format=%cI", sha]);
  const date = text === undefined ? undefined : new Date(text);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** A tag at HEAD wins (the highest semver one if several); else the branch; else a stand-in. */
export function chooseRef(branch: string | undefined, tags: string[], notes: string[]): string {
  const semverTags = tags.filter((tag) => semver.valid(tag) !== null).sort((a, b) => semver.rcompare(a, b));
  const tag = semverTags[0] ?? [...tags].sort()[0];
  if (tag !== undefined) return `refs/tags/${tag}`;
  if (branch) return `refs/heads/${branch}`;
  notes.push(`HEAD is detached and not at a tag: using ${fallbackRef}`);
  return fallbackRef;
}

export interface RemoteInfo {
  serverUrl: string;
  repository: string;
}

/**
 * `git@host:owner/name.git`, `ssh://git@host/owner/name`, `https://user:token@host/owner/name.git` →
 * https URL without credentials.
 */
export function parseRemote(url: string | undefined): RemoteInfo | undefined {
  if (!url) return undefined;
  const scp = /^[\w.-]+@([^:/]+):(.+?)(?:\.git)?\/?$/.exec(url);
  const full = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/i.exec(url);
  const match = scp ?? full;
  if (!match?.[1] || !match[2]) return undefined;
  return { serverUrl: `https://${match[1]}`, repository: match[2] };
}

function localRepo(cwd: string, origin: RemoteInfo | undefined, defaultBranch?: string): RepoInfo {
  const name = origin?.repository.split("/").pop() ?? basename(cwd);
  const htmlUrl = origin ? `${origin.serverUrl}/${origin.repository}` : "";
  return { name, description: "", htmlUrl, license: "", ...(defaultBranch ? { defaultBranch } : {}) };
}

/** Runs git; any failure (no git, not a repo, unborn HEAD) reads as "no answer". */
function gitRunner(exec: Exec, cwd: string): (args: string[]) => Promise<string | undefined> {
  return async (args) => {
    try {
      const result = await exec(["git", ...args], { cwd, check: false });
      const text = result.stdout.trim();
      return result.exitCode === 0 && text.length > 0 ? text : undefined;
    } catch {
      return undefined;
    }
  };
}
