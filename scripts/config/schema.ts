// JSON schema of images.config.yaml. Unknown keys are errors so typos do not pass silently.
// The patterns and enums are shared with the checks of IMAGES_* overrides and flags (overrides.ts).
// The host starts with a letter or digit, so a value can never read as a flag ("--insecure").
export const registryPattern = "^[a-zA-Z0-9][a-zA-Z0-9.-]*(:[0-9]+)?(/[a-z0-9._/-]+)?$";
export const platformPattern = "^[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?$";
export const cacheModes = ["local", "registry", "gha", "inline", "none"] as const;
export const mirrorModes = ["auto", "on", "off"] as const;

export const configSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    registry: { type: "string", pattern: registryPattern },
    bakeFile: { type: "string", minLength: 1 },
    images: { type: "object", additionalProperties: { type: "string", pattern: "^[a-z0-9._/-]+$" } },
    tags: { type: "array", items: { type: "string", minLength: 1 } },
    flavor: { type: "array", items: { type: "string", minLength: 1 } },
    cache: {
      type: "object",
      additionalProperties: false,
      properties: {
        mode: { enum: cacheModes },
        dir: { type: "string", minLength: 1 },
        maxSizeMb: { type: "integer", minimum: 1 },
        ref: { type: "string", minLength: 1 },
      },
    },
    mirrors: { type: "object", additionalProperties: { type: "string", minLength: 1 } },
    mirrorMode: { enum: mirrorModes },
    platforms: { type: "array", items: { type: "string", pattern: platformPattern } },
    needs: { type: "object", additionalProperties: { type: "array", items: { type: "string", pattern: "^https?://" } } },
    smoke: {
      type: "object",
      additionalProperties: false,
      properties: {
        parallel: { type: "integer", minimum: 1, maximum: 16 },
        healthTimeoutSeconds: { type: "integer", minimum: 1 },
      },
    },
    // `plan --matrix`: how the release is split across CI runners (runner keys are checked as platforms there).
    matrix: {
      type: "object",
      additionalProperties: false,
      properties: {
        weights: { type: "object", additionalProperties: { type: "integer", minimum: 1 } },
        shardWeight: { type: "integer", minimum: 1 },
        runners: { type: "object", additionalProperties: { type: "string", minLength: 1 } },
      },
    },
  },
} as const;
