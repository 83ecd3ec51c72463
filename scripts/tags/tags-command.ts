// `pnpm images tags`: compute metadata-action-compatible tags and labels for the current
// trigger (GitHub Actions env, or local git outside Actions) and print them.
import { flag, listOption, type CommandSpec } from "../cli/command.ts";
import { defaultConfig } from "../config/types.ts";
import { parseFlavor } from "./flavor.ts";
import { planTagsWithNotes } from "./plan.ts";
import { parseTagRules } from "./rules.ts";
import { defaultImage, readTagInputs } from "./tag-inputs.ts";
import type { TagPlan } from "./types.ts";

export const tagsCommand: CommandSpec = {
  name: "tags",
  summary: "Compute docker/metadata-action-compatible tags and labels",
  usage: "pnpm images tags [--json] [--image NAME]... [--tags RULE]... [--flavor RULE]... [--label K=V]...",
  options: {
    json: { type: "boolean", description: "Print {version, tags, labels} as JSON" },
    image: { type: "string", multiple: true, value: "NAME", description: "Image to tag (repeatable; default: the repository name)" },
    tags: { type: "string", multiple: true, value: "RULE", description: "metadata-action tag rule, e.g. type=semver,pattern={{version}} (repeatable)" },
    flavor: { type: "string", multiple: true, value: "RULE", description: "metadata-action flavor entry, e.g. latest=auto (repeatable)" },
    label: { type: "string", multiple: true, value: "K=V", description: "Extra label; overrides the OCI label of the same key (repeatable)" },
  },
  notes: [
    "Inside GitHub Actions (GITHUB_ACTIONS=true) the trigger comes from GITHUB_* and the event payload;",
    "elsewhere from local git: the tag HEAD is at, else the current branch. SOURCE_DATE_EPOCH fixes the time.",
    "Without --tags/--flavor the project defaults are used: " + defaultConfig.tags.join(" ") + " / " + defaultConfig.flavor.join(" "),
  ],
  run: async (ctx, values) => {
    const tagLines = listOption(values, "tags");
    const flavorLines = listOption(values, "flavor");
    const rules = parseTagRules(tagLines.length > 0 ? tagLines : defaultConfig.tags);
    const flavor = parseFlavor(flavorLines.length > 0 ? flavorLines : defaultConfig.flavor);
    const { context, now, shortShaLength } = await readTagInputs(ctx);
    const images = listOption(values, "image");
    const { plan, notes } = planTagsWithNotes({
      images: images.length > 0 ? images : [defaultImage(context, ctx.workspace)],
      rules,
      flavor,
      context,
      now,
      labels: listOption(values, "label"),
      shortShaLength,
    });
    for (const note of [...context.notes, ...notes]) ctx.err(`note: ${note}`);
    ctx.out(flag(values, "json") ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    return 0;
  },
};

export function formatPlan(plan: TagPlan): string {
  const { main, partial, latest } = plan.version;
  const width = Math.max(0, ...Object.keys(plan.labels).map((key) => key.length));
  return [
    `version  ${main ?? "(none: no rule matched this trigger)"}${partial.length > 0 ? `  also ${partial.join(", ")}` : ""}${latest ? "  +latest" : ""}`,
    "tags",
    ...(plan.tags.length > 0 ? plan.tags.map((tag) => `  ${tag}`) : ["  (none)"]),
    "labels",
    ...Object.entries(plan.labels).map(([key, value]) => `  ${key.padEnd(width)}  ${value}`),
  ].join("\n");
}
