// Read the trigger from GitHub Actions: GITHUB_* env plus the event payload file.
// The file reader comes in as a parameter so tests feed captured fixtures.
import type { GitContext, RepoInfo } from "./types.ts";

type Payload = Record<string, unknown>;

export function contextFromGithubEnv(env: NodeJS.ProcessEnv, readFile: (path: string) => string): GitContext {
  const notes: string[] = [];
  const payload = readPayload(env.GITHUB_EVENT_PATH, readFile, notes);
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const pr = record(payload.pull_request);
  const prNumber = numberField(payload.number) ?? numberField(pr.number);
  // pull_request_target runs on the base branch: tag the pull request instead.
  const ref =
    /pull_request_target/.test(eventName) && prNumber !== undefined
      ? `refs/pull/${prNumber}/merge`
      : (env.GITHUB_REF ?? "");
  const prHeadSha = stringField(record(pr.head).sha);
  const useHeadSha =
    /true/i.test(env.DOCKER_METADATA_PR_HEAD_SHA ?? "") && /pull_request/.test(eventName) && prHeadSha !== undefined;
  const sha = useHeadSha ? prHeadSha : (env.GITHUB_SHA ?? "");
  if (!sha) notes.push("GITHUB_SHA is not set: no sha tag and an empty revision label");
  const repo = repoFromPayload(record(payload.repository));
  return compact({
    eventName,
    ref,
    sha,
    defaultBranch: repo?.defaultBranch,
    prNumber,
    prHeadSha,
    prBaseRef: stringField(record(pr.base).ref),
    baseRef: stringField(payload.base_ref),
    repository: env.GITHUB_REPOSITORY,
    serverUrl: env.GITHUB_SERVER_URL,
    commitDate: commitDate(payload, sha),
    repo,
    notes,
  });
}

function readPayload(path: string | undefined, readFile: (path: string) => string, notes: string[]): Payload {
  if (!path) return {};
  try {
    return record(JSON.parse(readFile(path)));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    notes.push(
      `cannot read the event payload ${path} (${reason}): default branch and pull request details are unknown`,
    );
    return {};
  }
}

function repoFromPayload(repository: Payload): RepoInfo | undefined {
  const name = stringField(repository.name);
  if (name === undefined) return undefined;
  const defaultBranch = stringField(repository.default_branch);
  return {
    name,
    description: stringField(repository.description) ?? "",
    htmlUrl: stringField(repository.html_url) ?? "",
    license: stringField(record(repository.license).spdx_id) ?? "",
    ...(defaultBranch ? { defaultBranch } : {}),
  };
}

/** The pushed commit's date from the payload (commits[] or head_commit), when it is there. */
function commitDate(payload: Payload, sha: string): Date | undefined {
  const commits = Array.isArray(payload.commits) ? payload.commits.map(record) : [];
  const timestamp =
    stringField(commits.find((commit) => commit.id === sha)?.timestamp) ??
    (record(payload.head_commit).id === sha ? stringField(record(payload.head_commit).timestamp) : undefined);
  const date = timestamp === undefined ? undefined : new Date(timestamp);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function record(value: unknown): Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Payload) : {};
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function numberField(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/** Drop undefined optional fields so contexts compare and print cleanly. */
export function compact(context: GitContext): GitContext {
  return Object.fromEntries(
    Object.entries(context).filter(([, value]) => value !== undefined),
  ) as unknown as GitContext;
}
