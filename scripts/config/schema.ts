// images.config.yaml as data for the one validator (shape.ts). Unknown keys are errors so typos do not
// pass silently. The field shapes are shared with the IMAGES_* overrides and the flags that override
// the file (overrides.ts), and config/types.ts is checked against this schema at compile time.
import type { Shape, ShapeValue } from "./shape.ts";

/** The host starts with a letter or digit, so a value can never read as a flag ("--insecure"). */
export const registryShape = {
  kind: "string",
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9.-]*(:[0-9]+)?(\/[a-z0-9._/-]+)?$/,
  hint: "is not HOST[:PORT][/NAMESPACE] (e.g. ghcr.io/acme or 127.0.0.1:5000/images)",
} as const satisfies Shape;

export const platformForms = "os/arch[/variant], comma-separated, e.g. linux/amd64,linux/arm64 or linux/arm/v7";

export const platformShape = {
  kind: "string",
  pattern: /^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/,
  hint: `is not a platform: use ${platformForms}`,
} as const satisfies Shape;

export const cacheModeShape = {
  kind: "enum",
  values: ["local", "registry", "gha", "inline", "none"],
} as const satisfies Shape;
export const mirrorModeShape = { kind: "enum", values: ["auto", "on", "off"] } as const satisfies Shape;

const text = { kind: "string", nonEmpty: true } as const satisfies Shape;
const texts = { kind: "list", of: text } as const satisfies Shape;

export const configShape = {
  kind: "object",
  fields: {
    registry: registryShape,
    bakeFile: text,
    images: {
      kind: "map",
      of: { kind: "string", pattern: /^[a-z0-9._/-]+$/, hint: "is not an image name (a-z, 0-9, . _ / -)" },
    },
    tags: texts,
    flavor: texts,
    cache: {
      kind: "object",
      fields: { mode: cacheModeShape, dir: text, maxSizeMb: { kind: "int", min: 1 }, ref: text },
    },
    mirrors: { kind: "map", of: text },
    mirrorMode: mirrorModeShape,
    platforms: { kind: "list", of: platformShape },
    needs: {
      kind: "map",
      of: { kind: "list", of: { kind: "string", pattern: /^https?:\/\//, hint: "is not an http(s) URL" } },
    },
    smoke: {
      kind: "object",
      fields: { parallel: { kind: "int", min: 1, max: 16 }, healthTimeoutSeconds: { kind: "int", min: 1 } },
    },
    // `plan --matrix`: how the release is split across CI runners (runner keys are checked as platforms there).
    matrix: {
      kind: "object",
      fields: {
        weights: { kind: "map", of: { kind: "int", min: 1 } },
        shardWeight: { kind: "int", min: 1 },
        runners: { kind: "map", of: text },
      },
    },
  },
} as const satisfies Shape;

/** What images.config.yaml may hold: every key optional, defaults fill in the rest. */
export type ConfigFile = ShapeValue<typeof configShape>;
