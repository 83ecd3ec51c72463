// metadata-action's outputs from a plan, as plain data: the strings its steps set (version, tags,
// labels, annotations, json) and the bake files it writes (their JSON; the command writes them).
import type { TagPlan } from "./types.ts";

export interface OutputSettings {
  sepTags: string;
  sepLabels: string;
  sepAnnotations: string;
  bakeTarget: string;
  /** DOCKER_METADATA_ANNOTATIONS_LEVELS, split: manifest, index, …-descriptor, with an optional [platform]. */
  annotationLevels: string[];
  /** Enabled image names, for DOCKER_META_IMAGES. */
  imageNames: string[];
}

export const defaultOutputSettings: OutputSettings = {
  sepTags: "\n",
  sepLabels: "\n",
  sepAnnotations: "\n",
  bakeTarget: "docker-metadata-action",
  annotationLevels: ["manifest"],
  imageNames: [],
};

export type BakeKind = "tags" | "labels" | "annotations" | "all";

/** The bake file of each kind; `all` is `bake-file` (tags, labels and args). */
export type BakeFiles = Record<BakeKind, { target: Record<string, BakeTargetFields> }>;

export interface BakeTargetFields {
  tags?: string[];
  labels?: Record<string, string>;
  annotations?: string[];
  args?: { DOCKER_META_IMAGES: string; DOCKER_META_VERSION: string | undefined };
}

/** The output names, in the order metadata-action sets them. */
export const textOutputNames = ["version", "tags", "labels", "annotations", "json"] as const;
export type TextOutput = (typeof textOutputNames)[number];

export function textOutputs(plan: TagPlan, settings: OutputSettings): Record<TextOutput, string> {
  return {
    version: plan.version.main ?? "",
    tags: plan.tags.join(settings.sepTags),
    labels: pairs(plan.labels).join(settings.sepLabels),
    annotations: leveledAnnotations(plan, settings.annotationLevels).join(settings.sepAnnotations),
    json: JSON.stringify(jsonOutput(plan, settings)),
  };
}

/** The `json` output: tags, labels as an object, annotations with their levels. */
export interface JsonOutput {
  tags: string[];
  labels: Record<string, string>;
  annotations: string[];
}

export function jsonOutput(plan: TagPlan, settings: OutputSettings): JsonOutput {
  return { tags: plan.tags, labels: plan.labels, annotations: leveledAnnotations(plan, settings.annotationLevels) };
}

export function bakeFiles(plan: TagPlan, settings: OutputSettings): BakeFiles {
  const args = { DOCKER_META_IMAGES: settings.imageNames.join(","), DOCKER_META_VERSION: plan.version.main };
  const file = (fields: BakeTargetFields) => ({ target: { [settings.bakeTarget]: fields } });
  return {
    tags: file({ tags: plan.tags, args }),
    labels: file({ labels: plan.labels }),
    annotations: file({ annotations: leveledAnnotations(plan, settings.annotationLevels) }),
    all: file({ tags: plan.tags, labels: plan.labels, args }),
  };
}

/** metadata-action's file names, so a workflow that globbed them still finds them. */
export const bakeFileNames: Record<BakeKind, string> = {
  tags: "docker-metadata-action-bake-tags.json",
  labels: "docker-metadata-action-bake-labels.json",
  annotations: "docker-metadata-action-bake-annotations.json",
  all: "docker-metadata-action-bake.json",
};

/** Output name of each bake file. */
export const bakeOutputNames: Record<BakeKind, string> = {
  tags: "bake-file-tags",
  labels: "bake-file-labels",
  annotations: "bake-file-annotations",
  all: "bake-file",
};

function leveledAnnotations(plan: TagPlan, levels: string[]): string[] {
  return levels.flatMap((level) => pairs(plan.annotations).map((pair) => `${level}:${pair}`));
}

function pairs(record: Record<string, string>): string[] {
  return Object.entries(record).map(([key, value]) => `${key}=${value}`);
}

/** The env name each output is also exported as (DOCKER_METADATA_SET_OUTPUT_ENV). */
export function outputEnvName(output: string): string {
  return `DOCKER_METADATA_OUTPUT_${output.replace(/\W/g, "_").toUpperCase()}`;
}
