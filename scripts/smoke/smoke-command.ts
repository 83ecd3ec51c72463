// `pnpm images smoke [targets...]`: resolve targets through bake, run their smoke.yaml specs,
// print or write the report. Exit 0 when every spec passed, 1 otherwise.
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { listOption, stringOption, type CommandSpec } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError } from "../errors/errors.ts";
import { loadBakeDefinition } from "../read/definition.ts";
import { formatSmokeReport, smokeFormats, type SmokeFormat } from "./report.ts";
import { runSmoke } from "./runner.ts";
import { parseImageOverrides, selectSmokeItems } from "./targets.ts";

export const smokeCommand: CommandSpec = {
  name: "smoke",
  usage:
    "pnpm images smoke [targets...] [--image TARGET=REF]... [--format tty|json|junit] [--output FILE] [--parallel N]",
  positionals: { name: "targets", description: "bake targets or groups (default: every target that has a smoke.yaml)" },
  options: {
    image: {
      type: "string",
      multiple: true,
      value: "TARGET=REF",
      description: "Test REF instead of the target's first tag (repeatable)",
    },
    format: { type: "string", default: "tty", value: "FORMAT", description: "Report format: tty, json or junit" },
    output: {
      type: "string",
      value: "FILE",
      description: "Write the report to FILE (the terminal still gets a summary)",
    },
    parallel: {
      type: "string",
      value: "N",
      description: "Images tested at once (default: smoke.parallel in images.config.yaml)",
    },
  },
  notes: ["Spec format: docs/smoke.md. Containers carry the label images.smoke=<run id> and are always removed."],
  run: async (ctx, values, targets) => {
    const format = parseFormat(stringOption(values, "format") ?? "tty");
    const config = loadConfig(ctx.workspace, ctx.env);
    const parallel = parseParallel(stringOption(values, "parallel"), config.smoke.parallel);
    const overrides = parseImageOverrides(listOption(values, "image"));
    const definition = await loadBakeDefinition({
      workspace: ctx.workspace,
      bakeFile: config.bakeFile,
      exec: ctx.exec,
      env: ctx.env,
      ...(targets.length ? { targets } : {}),
    });
    const selection = selectSmokeItems(definition, targets, overrides, existsSync);
    for (const name of selection.noSpec) ctx.err(`${name}: no spec (no smoke.yaml in its build context), skipped`);
    if (selection.items.length === 0) {
      ctx.err("smoke: nothing to test");
      return 0;
    }
    const log = format === "tty" && !stringOption(values, "output") ? (line: string) => ctx.err(line) : () => undefined;
    const report = await runSmoke({
      items: selection.items,
      exec: ctx.exec,
      parallel,
      signal: ctx.signal,
      log,
      healthTimeoutSeconds: config.smoke.healthTimeoutSeconds,
    });
    const output = stringOption(values, "output");
    if (output) {
      writeFileSync(resolve(ctx.workspace, output), formatSmokeReport(report, format, false));
      ctx.out(formatSmokeReport(report, "tty", ctx.isTTY).trimEnd().split("\n").at(-1) ?? "");
    } else {
      ctx.out(formatSmokeReport(report, format, ctx.isTTY && format === "tty"));
    }
    return report.passed ? 0 : 1;
  },
};

function parseFormat(value: string): SmokeFormat {
  if ((smokeFormats as readonly string[]).includes(value)) return value as SmokeFormat;
  throw new UsageError(`--format must be one of ${smokeFormats.join(", ")}, got "${value}"`);
}

function parseParallel(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new UsageError(`--parallel must be a whole number of at least 1, got "${value}"`);
  return parsed;
}
