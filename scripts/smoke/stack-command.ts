// `pnpm images stack test`: bring up the shipped compose.yaml with its production override (by default)
// under a unique project, with throwaway secrets; check the production policy, health, the API's
// settings, a file on a volume across a restart, and that no secret leaked into `docker inspect` or
// the logs; then tear everything down (volumes too), also on failure and Ctrl-C. Before that, set-up
// (as `images build` does) and every image the stack runs: built, pulled or stood in for
// (stack-images-apply.ts), or an error naming each missing one, with nothing started.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  flag,
  listOption,
  stringOption,
  type CommandContext,
  type CommandSpec,
  type OptionValues,
} from "../cli/command.ts";
import { UsageError } from "../errors/errors.ts";
import { setupAllowed } from "../setup/allowed.ts";
import { ensureEngine } from "../setup/apply.ts";
import { ensureStackImages } from "./stack-images-apply.ts";
import { newRunId } from "./runner.ts";
import { planStackInputs, type StackInput } from "./stack-secrets.ts";
import {
  composeBase,
  configArgs,
  downArgs,
  isolationOverride,
  parseComposeConfig,
  probeTarget,
  psArgs,
  type ComposeConfig,
  stackLogsArgs,
} from "./stack-plan.ts";
import { redactor, stackSteps, type StackRun, type Step } from "./stack-steps.ts";

const environments = ["production", "development", "none"] as const;
type Environment = (typeof environments)[number];

const usage = [
  "pnpm images stack test [--environment production|development|none] [--compose FILE]… [--override FILE]…",
  "[--env-file FILE] [--service NAME] [--probe-dir DIR] [--timeout SECONDS] [--no-setup]",
].join(" ");

export const stackCommand: CommandSpec = {
  name: "stack",
  usage,
  positionals: { name: "action", description: "test (the only action)" },
  options: {
    environment: {
      type: "string",
      default: "production",
      value: "NAME",
      description: "Adds compose.<NAME>.yaml after the compose files (none: no override)",
    },
    compose: {
      type: "string",
      multiple: true,
      value: "FILE",
      description: "Compose file (repeatable; default: compose.yaml in the workspace)",
    },
    override: {
      type: "string",
      multiple: true,
      value: "FILE",
      description: "Extra override after the environment's (repeatable), e.g. one that swaps image references",
    },
    "env-file": {
      type: "string",
      value: "FILE",
      description: "Env file for compose variables (default: compose's own .env lookup)",
    },
    service: {
      type: "string",
      default: "api",
      value: "NAME",
      description: "Service restarted for the persistence check",
    },
    "probe-dir": {
      type: "string",
      value: "DIR",
      description: "Folder (on a volume) the probe file goes to (default: the service's first named volume)",
    },
    timeout: {
      type: "string",
      default: "180",
      value: "SECONDS",
      description: "How long to wait for every service to be healthy",
    },
    "no-setup": {
      type: "boolean",
      description:
        "Never install, seed, pull or build: a missing engine or image is an error naming its command " +
        "(also IMAGES_NO_SETUP=1)",
    },
  },
  notes: [
    "The project is named images-stack-<run id>; container names, named networks and host ports are overridden",
    "so it never collides with a running stack. Every secret or config file compose takes from ${VARIABLE} is",
    "replaced by a throwaway one; the test fails if a secret's value shows up in `docker inspect` or the logs.",
    "Missing images are made first: the repository's bake targets that build here, api-debian for an API that",
    "cannot, the fixture echo agent for an agent that cannot, redis from the mirror. Each decision is printed.",
  ],
  run: async (ctx, values, positionals) => {
    if (positionals.length !== 1 || positionals[0] !== "test") {
      const got = positionals.join(" ");
      throw new UsageError(`stack takes one action, "test"; got "${got}"`, "Run `pnpm images stack test`.");
    }
    const timeout = Number(stringOption(values, "timeout") ?? "180");
    if (!Number.isInteger(timeout) || timeout < 1) throw new UsageError("--timeout must be a whole number of seconds");
    const files = composeFiles(ctx.workspace, values);
    const allowed = setupAllowed(flag(values, "no-setup"), ctx.env);
    await ensureEngine(ctx, allowed);
    const runId = newRunId();
    const folder = mkdtempSync(join(tmpdir(), `images-stack-${runId}-`));
    try {
      const run = await prepareRun(ctx, values, { runId, files, folder, timeout, allowed });
      const redact = redactor(run.inputs);
      try {
        return await runSteps(ctx, stackSteps(run), redact, () => showState(run, redact));
      } finally {
        ctx.err(`stack: tearing down images-stack-${runId}`);
        await ctx.exec(downArgs(run.base), { cwd: ctx.workspace, env: run.env, check: false });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

interface RunSetup {
  runId: string;
  files: string[];
  folder: string;
  timeout: number;
  allowed: boolean;
}

/** Throwaway inputs written, the resolved config read, the isolation override in place. */
async function prepareRun(ctx: CommandContext, values: OptionValues, setup: RunSetup): Promise<StackRun> {
  const { runId, folder, timeout } = setup;
  const project = `images-stack-${runId}`;
  const envFile = stringOption(values, "env-file");
  const inputs = planStackInputs(
    setup.files.map((path) => ({ path, text: readFileSync(path, "utf8") })),
    runId,
  );
  const env = { ...ctx.env, ...writeInputs(folder, inputs) };
  const readConfig = (files: string[]) => readComposeConfig(ctx, composeBase(files, project, envFile), env);
  const { files, config } = await withImages(ctx, setup, readConfig);
  const probe = probeTarget(config, stringOption(values, "service") ?? "api", runId, stringOption(values, "probe-dir"));
  const override = join(folder, "isolation.override.yaml");
  writeFileSync(override, isolationOverride(config, project));
  const base = composeBase([...files, override], project, envFile);
  const production = environmentOf(values) === "production";
  return { ctx, base, env, config, probe, inputs, token: runId, timeout, production };
}

type ReadConfig = (files: string[]) => Promise<ComposeConfig>;

/** The images made (stack-images-apply.ts); the files and resolved config with the stand-ins' override, if any. */
async function withImages(ctx: CommandContext, setup: RunSetup, readConfig: ReadConfig) {
  const given = await readConfig(setup.files);
  const images = Object.fromEntries(Object.entries(given.services).map(([name, service]) => [name, service.image]));
  const standIns = await ensureStackImages(ctx, images, setup.allowed);
  if (!standIns) return { files: setup.files, config: given };
  const file = join(setup.folder, "stand-ins.override.yaml");
  writeFileSync(file, standIns);
  const files = [...setup.files, file];
  // What runs, stand-ins included, is what the policy is checked on.
  return { files, config: await readConfig(files) };
}

async function readComposeConfig(ctx: CommandContext, base: string[], env: NodeJS.ProcessEnv) {
  const printed = await ctx.exec(configArgs(base), { cwd: ctx.workspace, env, signal: ctx.signal });
  return parseComposeConfig(printed.stdout, base[base.indexOf("-f") + 1] ?? "compose.yaml");
}

function environmentOf(values: OptionValues): Environment {
  const value = stringOption(values, "environment") ?? "production";
  const known = environments.find((name) => name === value);
  if (!known) throw new UsageError(`--environment must be one of ${environments.join(", ")}; got "${value}"`);
  return known;
}

/** The compose files in order: the base file(s), the environment's override, the extra overrides. */
function composeFiles(workspace: string, values: OptionValues): string[] {
  const given = listOption(values, "compose");
  const environment = environmentOf(values);
  const files = [
    ...(given.length ? given : ["compose.yaml"]),
    ...(environment === "none" ? [] : [`compose.${environment}.yaml`]),
    ...listOption(values, "override"),
  ].map((file) => resolve(workspace, file));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) {
    const hint = "Pass --compose/--override, or --environment none for a workspace without overrides.";
    throw new UsageError(`compose file not found: ${missing.join(", ")}`, hint);
  }
  return files;
}

/** Writes each throwaway input (0644: the containers' non-root users read them) and returns VARIABLE=path. */
function writeInputs(folder: string, inputs: readonly StackInput[]): Record<string, string> {
  return Object.fromEntries(
    inputs.map((input) => {
      const path = join(folder, input.fileName);
      writeFileSync(path, input.content);
      chmodSync(path, 0o644);
      return [input.variable, path];
    }),
  );
}

type Redact = (text: string) => string;

async function runSteps(ctx: CommandContext, steps: Step[], redact: Redact, report: () => Promise<void>) {
  for (const step of steps) {
    try {
      await step.run();
      ctx.out(`  ✓ ${step.name}`);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.out(redact(`  ✗ ${step.name}\n${indent(error instanceof Error ? error.message : String(error))}`));
      await report();
      ctx.out("stack: FAILED");
      return 1;
    }
  }
  ctx.out("stack: passed");
  return 0;
}

/** The services' state and last log lines, secrets replaced: a failure report never prints one. */
async function showState(run: StackRun, redact: Redact): Promise<void> {
  const { ctx, base, env } = run;
  const ps = await ctx.exec(psArgs(base), { cwd: ctx.workspace, env, check: false });
  const logs = await ctx.exec(stackLogsArgs(base, 20), { cwd: ctx.workspace, env, check: false });
  ctx.out(redact(`  services:\n${indent(ps.stdout)}\n  last log lines:\n${indent(logs.stdout + logs.stderr)}`));
}

// Terminal colour codes in compose's output.
// eslint-disable-next-line no-control-regex
const ansiEscapes = /\u001b\[[0-9;]*[A-Za-z]/g;

function indent(text: string): string {
  return text
    .replace(ansiEscapes, "")
    .trimEnd()
    .split("\n")
    .map((line) => `      ${line}`)
    .join("\n");
}
