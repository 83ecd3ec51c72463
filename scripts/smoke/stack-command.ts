// `pnpm images stack test`: bring up compose.yaml with the built images under a unique project,
// wait for every service to be healthy, restart the API and check a file on its volume survived,
// then tear everything down (volumes too), also on failure and Ctrl-C.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringOption, type CommandContext, type CommandSpec } from "../cli/command.ts";
import { UsageError } from "../errors/errors.ts";
import { newRunId } from "./runner.ts";
import { composeBase, configArgs, downArgs, isolationOverride, parseComposeConfig, probeTarget, psArgs, readProbeArgs, restartArgs, stackLogsArgs, upArgs, writeProbeArgs, type ProbeTarget } from "./stack-plan.ts";

interface Step {
  name: string;
  run: () => Promise<void>;
}

export const stackCommand: CommandSpec = {
  name: "stack",
  summary: "Bring up compose.yaml with the built images, check health and volume persistence across an API restart, tear down",
  usage: "pnpm images stack test [--compose FILE] [--env-file FILE] [--service NAME] [--probe-dir DIR] [--timeout SECONDS]",
  positionals: { name: "action", description: "test (the only action)" },
  options: {
    compose: { type: "string", value: "FILE", description: "Compose file (default: compose.yaml in the workspace)" },
    "env-file": { type: "string", value: "FILE", description: "Env file for compose variables (default: compose's own .env lookup)" },
    service: { type: "string", default: "api", value: "NAME", description: "Service restarted for the persistence check" },
    "probe-dir": { type: "string", value: "DIR", description: "Folder (on a volume) the probe file goes to (default: the service's first named volume)" },
    timeout: { type: "string", default: "180", value: "SECONDS", description: "How long to wait for every service to be healthy" },
  },
  notes: ["The project is named images-stack-<run id>; container names, named networks and host ports are overridden so it never collides with a running stack."],
  run: async (ctx, values, positionals) => {
    if (positionals.length !== 1 || positionals[0] !== "test") throw new UsageError(`stack takes one action, "test"; got "${positionals.join(" ")}"`, "Run `pnpm images stack test`.");
    const timeout = Number(stringOption(values, "timeout") ?? "180");
    if (!Number.isInteger(timeout) || timeout < 1) throw new UsageError("--timeout must be a whole number of seconds");
    const runId = newRunId();
    const project = `images-stack-${runId}`;
    const file = resolve(ctx.workspace, stringOption(values, "compose") ?? "compose.yaml");
    const envFile = stringOption(values, "env-file");
    const env = stackEnv(ctx.env, runId);
    const config = parseComposeConfig((await ctx.exec(configArgs(composeBase([file], project, envFile)), { cwd: ctx.workspace, env, signal: ctx.signal })).stdout, file);
    const probe = probeTarget(config, stringOption(values, "service") ?? "api", runId, stringOption(values, "probe-dir"));
    const folder = mkdtempSync(join(tmpdir(), `${project}-`));
    const override = join(folder, "isolation.override.yaml");
    writeFileSync(override, isolationOverride(config, project));
    const base = composeBase([file, override], project, envFile);
    try {
      return await runSteps(ctx, stackSteps(ctx, base, env, probe, runId, timeout), base, env);
    } finally {
      ctx.err(`stack: tearing down ${project}`);
      await ctx.exec(downArgs(base), { cwd: ctx.workspace, env, check: false });
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** compose.yaml requires REDIS_PASSWORD; a throwaway one keeps the test self-contained. */
function stackEnv(env: NodeJS.ProcessEnv, runId: string): NodeJS.ProcessEnv {
  return { ...env, REDIS_PASSWORD: env.REDIS_PASSWORD || `stack-test-${runId}` };
}

function stackSteps(ctx: CommandContext, base: string[], env: NodeJS.ProcessEnv, probe: ProbeTarget, token: string, timeout: number): Step[] {
  const run = (argv: string[], group = false) => ctx.exec(argv, { cwd: ctx.workspace, env, signal: ctx.signal, group });
  return [
    { name: `every service healthy within ${timeout}s`, run: async () => void (await run(upArgs(base, timeout), true)) },
    { name: `write ${probe.path} in ${probe.service}`, run: async () => void (await run(writeProbeArgs(base, probe.service, probe.path, token))) },
    { name: `restart ${probe.service}`, run: async () => void (await run(restartArgs(base, probe.service), true)) },
    { name: `${probe.service} healthy again`, run: async () => void (await run(upArgs(base, timeout, [probe.service]), true)) },
    {
      name: `${probe.path} survived the restart`,
      run: async () => {
        const read = await run(readProbeArgs(base, probe.service, probe.path));
        if (read.stdout !== token) throw new Error(`expected "${token}", read "${read.stdout.trim()}"`);
      },
    },
  ];
}

async function runSteps(ctx: CommandContext, steps: Step[], base: string[], env: NodeJS.ProcessEnv): Promise<number> {
  for (const step of steps) {
    try {
      await step.run();
      ctx.out(`  ✓ ${step.name}`);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.out(`  ✗ ${step.name}\n${indent(error instanceof Error ? error.message : String(error))}`);
      await showState(ctx, base, env);
      ctx.out("stack: FAILED");
      return 1;
    }
  }
  ctx.out("stack: passed");
  return 0;
}

async function showState(ctx: CommandContext, base: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const ps = await ctx.exec(psArgs(base), { cwd: ctx.workspace, env, check: false });
  const logs = await ctx.exec(stackLogsArgs(base, 20), { cwd: ctx.workspace, env, check: false });
  ctx.out(`  services:\n${indent(ps.stdout)}\n  last log lines:\n${indent(logs.stdout + logs.stderr)}`);
}

function indent(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "").trimEnd().split("\n").map((line) => `      ${line}`).join("\n");
}
