// The steps of `pnpm images stack test`, in order; each throws with what it found when it fails.
import type { CommandContext } from "../cli/command.ts";
import { apiStatusProblems, findLeaks, type StackInput } from "./stack-secrets.ts";
import { productionFindings, publishedService } from "./stack-policy.ts";
import {
  apiStatusArgs,
  containerIdsArgs,
  inspectArgs,
  readProbeArgs,
  restartArgs,
  stackLogsArgs,
  upArgs,
  writeProbeArgs,
  type ComposeConfig,
  type ProbeTarget,
} from "./stack-plan.ts";

export interface Step {
  name: string;
  run: () => Promise<void>;
}

export interface StackRun {
  ctx: CommandContext;
  /** `docker compose … -p PROJECT` with every file, the isolation override last. */
  base: string[];
  env: NodeJS.ProcessEnv;
  config: ComposeConfig;
  probe: ProbeTarget;
  inputs: StackInput[];
  token: string;
  timeout: number;
  production: boolean;
}

function runner(run: StackRun) {
  const { ctx, env } = run;
  return (argv: string[], group = false) => ctx.exec(argv, { cwd: ctx.workspace, env, signal: ctx.signal, group });
}

function failIf(problems: string[]): void {
  if (problems.length) throw new Error(problems.join("\n"));
}

function policyStep(run: StackRun): Step {
  return {
    name:
      "the production policy holds (read-only, no published agent ports, limits, log rotation, API storage and " +
      "secrets)",
    run: () => {
      failIf(productionFindings(run.config).map((found) => `${found.service}: ${found.rule}: ${found.message}`));
      return Promise.resolve();
    },
  };
}

/** Only an API that takes its keys as secrets has the settings contract to check. */
function apiStatusStep(run: StackRun): Step[] {
  if (!run.config.services[publishedService]?.secrets?.length) return [];
  return [
    {
      name: "the API names every key and the MCP settings as present",
      run: async () => {
        const status = await runner(run)(apiStatusArgs(run.base, publishedService));
        failIf(apiStatusProblems(status.stdout, run.inputs));
      },
    },
  ];
}

function persistenceSteps(run: StackRun): Step[] {
  const exec = runner(run);
  const { service, path } = run.probe;
  const { token, timeout } = run;
  return [
    {
      name: `write ${path} in ${service}`,
      run: async () => void (await exec(writeProbeArgs(run.base, service, path, token))),
    },
    { name: `restart ${service}`, run: async () => void (await exec(restartArgs(run.base, service), true)) },
    {
      name: `${service} healthy again`,
      run: async () => void (await exec(upArgs(run.base, timeout, [service]), true)),
    },
    {
      name: `${path} survived the restart`,
      run: async () => {
        const read = await exec(readProbeArgs(run.base, service, path));
        if (read.stdout !== run.token) throw new Error(`expected "${run.token}", read "${read.stdout.trim()}"`);
      },
    },
  ];
}

function leakStep(run: StackRun): Step {
  const exec = runner(run);
  return {
    name: "no secret value in docker inspect or the logs",
    run: async () => {
      const ids = (await exec(containerIdsArgs(run.base))).stdout.split("\n").filter(Boolean);
      const inspect = ids.length ? (await exec(inspectArgs(ids))).stdout : "";
      const logs = await exec(stackLogsArgs(run.base));
      const sources = [
        { where: "docker inspect", text: inspect },
        { where: "the logs", text: logs.stdout + logs.stderr },
      ];
      failIf(findLeaks(sources, run.inputs));
    },
  };
}

export function stackSteps(run: StackRun): Step[] {
  const exec = runner(run);
  return [
    ...(run.production ? [policyStep(run)] : []),
    {
      name: `every service healthy within ${run.timeout}s`,
      run: async () => void (await exec(upArgs(run.base, run.timeout), true)),
    },
    ...apiStatusStep(run),
    ...persistenceSteps(run),
    leakStep(run),
  ];
}

/** Replaces every secret value, so a failure report never prints one. */
export function redactor(inputs: readonly StackInput[]): (text: string) => string {
  const values = inputs.filter((input) => input.secret).map((input) => input.content);
  return (text) => values.reduce((out, value) => out.split(value).join("[secret]"), text);
}
