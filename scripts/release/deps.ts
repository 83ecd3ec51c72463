// The other stages the release drives, as the functions it needs. The command wires the real
// ones (live-deps.ts); unit tests pass fakes to check sequencing.
import type { BuildDeps, BuildRequest } from "../bake/build.ts";
import type { CommandContext } from "../cli/command.ts";
import type { Finding, lintGate } from "../lint/gate.ts";
import type { Exec } from "../process/exec.ts";
import type { BuildReport } from "../report/build-report.ts";
import type { RunSmokeOptions, SmokeItem, SmokeReport } from "../smoke/runner.ts";
import type { Promotion } from "./promote.ts";
import type { RegistryCheck } from "./preflight.ts";
import type { ReleasePlan } from "./release-plan.ts";
import type { StagedPart } from "./shard-collate.ts";
import type { StagedImage, StagingCleanup } from "./staging.ts";
import type { MoveResult, TagAssignment } from "./tag-mover.ts";
import type { TagRecord } from "./tag-report.ts";

export type { BuildRequest, BuildReport, SmokeItem, SmokeReport };
export type BuildTargetReport = BuildReport["targets"][number];

export type LintFinding = Finding;
export type LintGateResult = Awaited<ReturnType<typeof lintGate>>;

export interface ReleaseDeps {
  lintGate: (input: { workspace: string; exec: Exec; env: NodeJS.ProcessEnv }) => Promise<LintGateResult>;
  /** Build with its smoke hook: the build loads native images, calls the hook, pushes only if it returned true. */
  runBuild: (ctx: CommandContext, request: BuildRequest, deps: Required<Pick<BuildDeps, "smoke">>) => Promise<BuildReport>;
  runSmoke: (options: RunSmokeOptions) => Promise<SmokeReport>;
  /** The staged parts whose digest is not in the registry (assemble.ts). */
  missingStaged: (parts: StagedPart[]) => Promise<StagedPart[]>;
  /** Copies one image's staged platforms into `repository`, puts their index there untagged, returns its digest (assemble.ts). */
  assemble: (target: string, repository: string, parts: StagedPart[]) => Promise<string>;
  /** Copies each staged digest into its release repository, untagged (promote.ts). */
  promote: (items: Promotion[]) => Promise<void>;
  /** Before anything else: reachability, credentials, push permission, DELETE support, the tags as they are. */
  checkRegistry: (plan: ReleasePlan, staged?: string[]) => Promise<RegistryCheck>;
  /** Deletes the staged tags as far as the registry allows; reads back which are left. */
  cleanStaging: (staged: StagedImage[]) => Promise<StagingCleanup>;
  /** Reads every tag back from the registry (after a failure). */
  readTags: (records: TagRecord[]) => Promise<TagRecord[]>;
  /** Removes local tags from the engine (`docker image rm`); missing ones are fine. */
  untagLocal: (refs: string[]) => Promise<void>;
  /** Points every tag at its digest, all or nothing (tag-mover.ts over a registry client). */
  moveTags: (assignments: TagAssignment[]) => Promise<MoveResult>;
  /** Bytes of the image for one platform (config + layers), when the registry can tell. */
  imageSize: (repository: string, digest: string) => Promise<number | undefined>;
}

/** How the release talks to its host: grouped logs and annotations (GitHub Actions or a terminal). */
export interface ReleaseReporter {
  group: <T>(name: string, step: () => Promise<T>) => Promise<T>;
  annotate: (annotation: { level: "error" | "warning"; message: string; file?: string; line?: number; column?: number; title?: string }) => void;
  log: (line: string) => void;
}
