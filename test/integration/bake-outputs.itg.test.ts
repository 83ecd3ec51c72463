// Targets that are not images, built for real: checks (type=cacheonly) and files written to local
// folders run exactly as the bake file declares, and no image is loaded. Also checks, with buildx
// itself, that the override we generate keeps every attribute the file sets.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bakeOverride } from "../../scripts/bake/override.ts";
import { defaultConfig } from "../../scripts/config/types.ts";
import { parseBakePrint } from "../../scripts/read/definition.ts";
import { planBuild, type BuildPlan } from "../../scripts/plan/plan.ts";
import { exec } from "../../scripts/process/exec.ts";
import type { BuildReport } from "../../scripts/report/build-report.ts";
import type { BakePrint, BakePrintTarget } from "../../scripts/types/bake.ts";
import { copyWorkspace, repoRoot, runCli, type WorkspaceCopy } from "./workspace-copy.ts";

const corpus = join(repoRoot, "test/fixtures/bake");
let workspace: WorkspaceCopy;

beforeAll(async () => {
  workspace = await copyWorkspace(join(corpus, "outputs-workspace"));
});

afterAll(() => workspace.remove());

/** Names of every image in the engine, so a build can be shown to have loaded none. */
async function imageNames(): Promise<string[]> {
  const result = await exec(["docker", "image", "ls", "--all", "--format", "{{.Repository}}:{{.Tag}}"]);
  return result.stdout.split("\n").filter(Boolean);
}

async function build(args: string[]): Promise<{ exitCode: number; report?: BuildReport; stderr: string }> {
  const result = await runCli(["build", "--workspace", workspace.dir, "--json", "--progress", "quiet", ...args]);
  return {
    exitCode: result.exitCode,
    stderr: result.stderr,
    ...(result.exitCode === 0 ? { report: JSON.parse(result.stdout) as BuildReport } : {}),
  };
}

describe("building targets that are not images", () => {
  test("a local-output target writes its files where the bake file says and loads no image", async () => {
    const before = await imageNames();
    const { exitCode, report, stderr } = await build(["binaries"]);
    expect(exitCode, stderr).toBe(0);
    expect(report?.targets).toEqual([
      expect.objectContaining({
        target: "binaries",
        kind: "files",
        outcome: "files written to ./out/bin",
        tags: [],
        pushed: false,
      }),
    ]);
    expect(readFileSync(join(workspace.dir, "out/bin/hello"), "utf8")).toContain("echo hello");
    expect(
      (await imageNames()).filter((name) => !before.includes(name) && /binaries|bakefile-outputs/.test(name)),
    ).toEqual([]);
  });

  test(
    "the default group runs the passing check and writes the " +
      "docs, one folder per matrix target; nothing is tagged",
    async () => {
      const { exitCode, report, stderr } = await build([]);
      expect(exitCode, stderr).toBe(0);
      expect(report?.targets.map((t) => [t.target, t.kind, t.outcome, t.tags])).toEqual([
        ["binaries", "files", "files written to ./out/bin", []],
        ["check-ok", "check", "check passed", []],
        ["docs", "files", "files written to ./out/docs", []],
        ["notes-en", "files", "files written to ./out/notes/en", []],
        ["notes-fr", "files", "files written to ./out/notes/fr", []],
      ]);
      expect(readFileSync(join(workspace.dir, "out/docs/index.md"), "utf8")).toContain("says hello");
      expect(existsSync(join(workspace.dir, "out/notes/fr/index.md"))).toBe(true);
      expect(stderr).not.toMatch(/lint (passed|failed)|smoke/);
    },
  );

  test("a check that finds something fails the build and says which check", async () => {
    const { exitCode, stderr } = await build(["check-fails"]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/error: check failed: check-fails\n/);
    expect(stderr).toContain("finding: tools/hello.sh still says TODO");
  });

  test("plan --json --push keeps every declared output and gives no tags", async () => {
    const result = await runCli(["plan", "--workspace", workspace.dir, "--json", "--push", "default", "check-fails"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as BuildPlan;
    expect(plan.targets.map((t) => [t.name, t.kind, t.output, t.tags])).toEqual([
      ["binaries", "files", ["./out/bin"], []],
      ["check-fails", "check", ["type=cacheonly"], []],
      ["check-ok", "check", ["type=cacheonly"], []],
      ["docs", "files", ["type=local,dest=./out/docs"], []],
      ["notes-en", "files", ["type=local,dest=./out/notes/en"], []],
      ["notes-fr", "files", ["type=local,dest=./out/notes/fr"], []],
    ]);
  });

  test("a missing Dockerfile names the target and the path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bake-missing-"));
    try {
      writeFileSync(
        join(dir, "bake.hcl"),
        'target "lint" {\n  dockerfile = "hack/lint.Dockerfile"\n  output = ["type=cacheonly"]\n}\n',
      );
      const result = await runCli(["plan", "--workspace", dir, "lint"]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /^error: bake\.hcl: target "lint": Dockerfile hack\/lint\.Dockerfile does not exist\n {2}hint: /m,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("what buildx makes of bake.hcl plus our override", () => {
  test("every attribute the file sets survives, and where we add, both are there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bake-merge-"));
    try {
      mkdirSync(join(dir, "dist"));
      writeFileSync(join(dir, "docker-bake.hcl"), readFileSync(join(corpus, "mixed-images/docker-bake.hcl")));
      const print = (files: string[]): Promise<BakePrint> =>
        exec(["docker", "buildx", "bake", ...files.flatMap((f) => ["-f", f]), "--print"], { cwd: dir }).then(
          (r) => JSON.parse(r.stdout) as BakePrint,
        );
      const before = await print(["docker-bake.hcl"]);
      const definition = parseBakePrint(JSON.stringify(before), dir);
      const plan = planBuild({
        definition,
        selection: [],
        config: defaultConfig,
        output: "load",
        tagSets: {},
        mirrors: {},
        cacheScope: { branch: "main", defaultBranch: "main", workspace: dir, registry: defaultConfig.registry },
        caFile: "/etc/ssl/certs/ca-certificates.crt",
      });
      writeFileSync(join(dir, "override.json"), JSON.stringify(bakeOverride(plan)));
      const after = (await print(["docker-bake.hcl", "override.json"])).target ?? {};
      for (const [name, planned] of plan.targets.map((t) => [t.name, t] as const)) {
        const was = before.target?.[name] ?? {};
        const now = after[name] ?? {};
        for (const kept of [
          "annotations",
          "pull",
          "no-cache",
          "no-cache-filter",
          "shm-size",
          "ulimits",
          "description",
        ] as const)
          expect(now[kept], `${name} ${kept}`).toEqual(was[kept]);
        expect(now.secret, name).toEqual(planned.secrets);
        // bake resolves inherits after merging files: web-debug also imports web's cache (appended, harmless).
        expect(now["cache-from"], name).toEqual(expect.arrayContaining(planned.cacheFrom));
        expect(now["cache-to"], name).toEqual(planned.cacheTo);
        expect(now.attest ?? [], name).toEqual(planned.attest);
      }
      // Checks and file outputs run exactly as declared: no output, platform or tag of ours.
      const declared = plan.targets.filter((t) => t.kind !== "image").map((t) => t.name);
      const shape = (target: BakePrintTarget | undefined): unknown[] => [
        target?.output,
        target?.platforms,
        target?.tags,
      ];
      expect(declared.length).toBeGreaterThan(0);
      expect(declared.map((name) => shape(after[name]))).toEqual(declared.map((name) => shape(before.target?.[name])));
      expect(after["web-debug"]?.platforms).toEqual(["local"]);
      expect(after.web?.secret).toEqual([
        "id=npm_token,env=NPM_TOKEN",
        "id=host_ca,src=/etc/ssl/certs/ca-certificates.crt",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The repository's own capture is checked in the CLI tier (test/cli/bake-fixtures.test.ts), with a clean env.
  test.each([
    ["go-project", join(corpus, "go-project"), "docker-bake.hcl"],
    ["matrix-functions", join(corpus, "matrix-functions"), "docker-bake.hcl"],
  ])("the captured --print of %s is what buildx prints today", async (name, cwd, file) => {
    const targets =
      name === "go-project"
        ? [
            "binaries",
            "binaries-cross",
            "release",
            "image",
            "image-cross",
            "image-local",
            "lint",
            "lint-gopls",
            "validate",
            "mod-outdated",
            "test",
            "update-vendor",
            "update-docs",
          ]
        : [];
    const result = await exec(["docker", "buildx", "bake", "-f", file, "--print", ...targets], { cwd });
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(corpus, name, "bake.print.json"), "utf8")));
    expect(existsSync(join(cwd, "dist"))).toBe(false);
  });
});
