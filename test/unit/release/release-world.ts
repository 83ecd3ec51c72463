// The release's world for sequencing tests: a plan of two images and fakes for every stage,
// each recording what it was asked. `world(options, plan)` for another plan (a shard's).
import type { CommandContext } from "../../../scripts/cli/command.ts";
import type { ReleaseDeps, ReleaseReporter } from "../../../scripts/release/deps.ts";
import type { ReleasePlan } from "../../../scripts/release/release-plan.ts";
import { contextFrom } from "./github-env.ts";

export const context = contextFrom("tag-v1.2.3.env");
export const basePlan: ReleasePlan = {
  version: "1.2.3",
  prerelease: false,
  registry: { host: "127.0.0.1:5000", namespace: "rehearsal" },
  platforms: ["linux/amd64", "linux/arm64"],
  nativePlatform: "linux/amd64",
  attest: "full",
  images: ["api", "web"].map((target) => ({
    target,
    repository: { host: "127.0.0.1:5000", repository: `rehearsal/${target}` },
    tags: ["1.2.3", "latest"],
    specFile: `/ws/${target}/smoke.yaml`,
  })),
};
export const ctx = {
  workspace: "/ws",
  env: {},
  exec: async () => Promise.reject(new Error("no process in unit tests")),
  signal: new AbortController().signal,
} as unknown as CommandContext;

const before = (plan: ReleasePlan) =>
  plan.images.flatMap((image) =>
    image.tags.map((tag) => ({
      target: image.target,
      repository: image.repository.repository,
      tag,
      before: tag === "latest" ? "sha256:old" : null,
    })),
  );

export interface Options {
  stagingLeft?: string[];
  lintPasses?: boolean;
  smokeFails?: string;
  buildCallsSmoke?: boolean;
}

export function world(options: Options = {}, plan: ReleasePlan = basePlan) {
  const calls: string[] = [];
  const reporter: ReleaseReporter = {
    group: async (name, step) => (calls.push(`group ${name}`), step()),
    annotate: (a) => calls.push(`annotate ${a.file ?? ""} ${a.message}`),
    log: () => undefined,
  };
  const smokeReport = (images: string[]) => ({
    passed: !images.some((image) => image.includes(options.smokeFails ?? "\0")),
    results: images.map((image, index) => ({
      target: plan.images[index]?.target ?? "",
      image,
      passed: !image.includes(options.smokeFails ?? "\0"),
      tests: [{ name: "runs", passed: !image.includes(options.smokeFails ?? "\0"), message: "exit 1", durationMs: 1 }],
    })),
  });
  const deps: ReleaseDeps = {
    lintGate: async () => (
      calls.push("lint"),
      {
        passed: options.lintPasses ?? true,
        findings: [
          { file: "api/Dockerfile", line: 3, column: 1, code: "DL3007", level: "error", message: "pin the tag" },
        ],
        summary: "1 error",
      }
    ),
    runBuild: async (_ctx, request, hooks) => {
      calls.push(`build ${request.output} ${request.platforms?.join("+")} smoke=${request.smoke} lint=${request.lint}`);
      if (
        options.buildCallsSmoke !== false &&
        !(await hooks.smoke(
          ctx,
          plan.images.map((image) => ({
            target: image.target,
            image: `${image.target}:local`,
            specFile: image.specFile ?? "",
          })),
          {} as never,
        ))
      )
        throw new Error("smoke tests failed: nothing was pushed");
      calls.push("push by digest");
      return {
        schemaVersion: 1,
        targets: plan.images.map((image) => ({
          target: image.target,
          image: `${request.registry ?? ""}/${image.target}`,
          status: "built",
          tags: [],
          digest: `sha256:${image.target}`,
          durationMs: 1,
          cachedSteps: 2,
          totalSteps: 3,
          pushed: true,
        })),
      };
    },
    runSmoke: async ({ items }) => (
      calls.push(`smoke ${items.map((item) => item.image).join(" ")}`),
      smokeReport(items.map((item) => item.image))
    ),
    missingStaged: async (parts) => (calls.push(`staged? ${parts.length}`), []),
    assemble: async (target) => (calls.push(`assemble ${target}`), `sha256:${target}`),
    promote: async (items) =>
      void calls.push(`promote ${items.map((item) => `${item.from}→${item.to}@${item.digest}`).join(" ")}`),
    checkRegistry: async (_plan, staged) => (
      calls.push(`check registry${staged ? ` ${staged.join(" ")}` : ""}`),
      {
        host: "127.0.0.1:5000",
        credentials: false,
        repositories: 4,
        deleteByTag: false,
        deleteByDigest: false,
        before: before(plan),
      }
    ),
    cleanStaging: async (staged) => (
      calls.push(`clean staging ${staged.map((image) => image.repository).join(" ")}`),
      { removed: [], left: options.stagingLeft ?? [], unknown: [] }
    ),
    readTags: async (records) => (
      calls.push("read tags"),
      records.map((record) => ({ ...record, now: record.before }))
    ),
    untagLocal: async (refs) => void calls.push(`untag ${refs.join(" ")}`),
    moveTags: async (assignments) => (
      calls.push(`tags ${assignments.map((a) => `${a.repository}@${a.digest}`).join(" ")}`),
      { changes: [] }
    ),
    imageSize: async () => 1024,
  };
  return { calls, run: { ctx, plan, context, deps, reporter, smokeParallel: 2 } };
}

export const plan = basePlan;
