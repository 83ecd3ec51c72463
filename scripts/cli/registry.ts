// Every command with its one-line summary (the only copy: `--help` and each command's help print it),
// loaded lazily so `pnpm images lint` does not pay for the release code.
import type { CommandSpec } from "./command.ts";

type Loader = () => Promise<CommandSpec>;

export const commands: Record<string, { summary: string; load: Loader }> = {
  doctor: {
    summary: "Check the Docker toolchain; --fix installs and starts what is missing",
    load: async () => (await import("../toolchain/doctor-command.ts")).doctorCommand,
  },
  bases: {
    summary: "Seed air-gapped stand-ins for the public base images into the local registry",
    load: async () => (await import("../bases/bases-command.ts")).basesCommand,
  },
  lint: {
    summary: "Lint Dockerfiles (hadolint-compatible rules plus production policy)",
    load: async () => (await import("../lint/lint-command.ts")).lintCommand,
  },
  plan: {
    summary: "Show the build plan: targets in build order with tags, labels, cache, platforms, contexts (no engine)",
    load: async () => (await import("../plan/plan-command.ts")).planCommand,
  },
  tags: {
    summary: "docker/metadata-action v5 as a command: version, tags, labels, annotations, bake files",
    load: async () => (await import("../tags/tags-command.ts")).tagsCommand,
  },
  build: {
    summary: "Lint, bake, smoke-test and report the selected targets (and what they depend on)",
    load: async () => (await import("../bake/build-command.ts")).buildCommand,
  },
  smoke: {
    summary:
      "Run container-structure-test-compatible smoke specs (smoke.yaml in each image's build context) on built images",
    load: async () => (await import("../smoke/smoke-command.ts")).smokeCommand,
  },
  stack: {
    summary: "Bring up compose.yaml (+ its production override): policy, health, persistence, secrets; tear down",
    load: async () => (await import("../smoke/stack-command.ts")).stackCommand,
  },
  release: {
    summary: "Lint, build, smoke and push every image: all or nothing",
    load: async () => (await import("../release/release-command.ts")).releaseCommand,
  },
  setup: {
    summary: "Make this machine ready for builds and tests: Docker engine, registry, stand-in base images",
    load: async () => (await import("../setup/setup-command.ts")).setupCommand,
  },
};
