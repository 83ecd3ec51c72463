// Pure argument parsing: argv in, a command name and its values out, or a UsageError.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors/errors.ts";
import type { CommandSpec, OptionValues } from "./command.ts";
import { commonOptions } from "./help.ts";

export interface ParsedCommand {
  values: OptionValues;
  positionals: string[];
}

export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const options = { ...spec.options, ...commonOptions };
  const config: ParseArgsConfig = {
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(
      Object.entries(options).map(([name, option]) => [
        name,
        {
          type: option.type,
          ...(option.short ? { short: option.short } : {}),
          ...(option.multiple ? { multiple: true } : {}),
          ...(option.default !== undefined ? { default: option.default } : {}),
        },
      ]),
    ),
  };
  try {
    const parsed = parseArgs(config);
    if (!spec.positionals && parsed.positionals.length > 0) {
      throw new UsageError(
        `\`${spec.name}\` takes no arguments, got "${parsed.positionals.join(" ")}"`,
        `See \`pnpm images ${spec.name} --help\`.`,
      );
    }
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    throw new UsageError(`${spec.name}: ${message.replace(/\.$/, "")}`, `See \`pnpm images ${spec.name} --help\`.`);
  }
}
