import type { CommandSpec, OptionSpec } from "./command.ts";
import { commands } from "./registry.ts";

export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return [
    "Usage: pnpm images <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Every command takes --workspace DIR (default: the repository root) and --help.",
  ].join("\n");
}

export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, ...commonOptions }).map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : "    ";
    const value = option.type === "string" ? ` ${option.value ?? "VALUE"}` : "";
    return [`  ${short}--${name}${value}`, option.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${spec.usage}`,
    "",
    commands[spec.name]?.summary ?? "",
    ...(spec.positionals ? ["", "Arguments:", `  ${spec.positionals.name}  ${spec.positionals.description}`] : []),
    "",
    "Options:",
    ...rows.map(([left, right]) => `${left.padEnd(width)}  ${right}`),
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
  ].join("\n");
}

export const commonOptions: Record<"workspace" | "help", OptionSpec> = {
  workspace: {
    type: "string",
    value: "DIR",
    description: "Image repository to work on (default: the repository root)",
  },
  help: { type: "boolean", short: "h", description: "Show this help" },
};
