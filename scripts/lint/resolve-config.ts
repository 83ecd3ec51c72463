// Config layering at the edge: defaults < config file < HADOLINT_* env < CLI flags.
import { UsageError } from "../errors/errors.ts";
import { configFromEnv, findConfigFile, loadConfigFile, mergeConfig } from "./config.ts";
import type { LintConfig } from "./types.ts";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export interface ResolvedConfig {
  config: LintConfig;
  configFile: string | undefined;
}

export async function resolveLintConfig(options: {
  workspace: string;
  env: NodeJS.ProcessEnv;
  configPath?: string | undefined;
  cli?: Partial<LintConfig>;
}): Promise<ResolvedConfig> {
  const explicit = options.configPath
    ? resolve(options.env.INIT_CWD ?? options.workspace, options.configPath)
    : undefined;
  if (explicit && !existsSync(explicit))
    throw new UsageError(
      `config file not found: ${options.configPath ?? ""}`,
      "Pass -c with a path to a .hadolint.yaml-style file.",
    );
  const configFile = explicit ?? findConfigFile(options.workspace, options.env);
  const fromFile = configFile ? await loadConfigFile(configFile) : {};
  const cli = options.cli ?? {};
  const withRegistries = cli.trustedRegistries
    ? { ...cli, trustedRegistries: [...(fromFile.trustedRegistries ?? []), ...cli.trustedRegistries] }
    : cli;
  const withLabels = cli.labelSchema
    ? { ...withRegistries, labelSchema: { ...(fromFile.labelSchema ?? {}), ...cli.labelSchema } }
    : withRegistries;
  return { config: mergeConfig(fromFile, configFromEnv(options.env), withLabels), configFile };
}
