// JSON schema of images.config.yaml. Unknown keys are errors so typos do not pass silently.
export const configSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    registry: { type: "string", pattern: "^[a-zA-Z0-9.-]+(:[0-9]+)?(/[a-z0-9._/-]+)?$" },
    bakeFile: { type: "string", minLength: 1 },
    images: { type: "object", additionalProperties: { type: "string", pattern: "^[a-z0-9._/-]+$" } },
    tags: { type: "array", items: { type: "string", minLength: 1 } },
    flavor: { type: "array", items: { type: "string", minLength: 1 } },
    cache: {
      type: "object",
      additionalProperties: false,
      properties: {
        mode: { enum: ["local", "registry", "gha", "inline", "none"] },
        dir: { type: "string", minLength: 1 },
        maxSizeMb: { type: "integer", minimum: 1 },
        ref: { type: "string", minLength: 1 },
      },
    },
    mirrors: { type: "object", additionalProperties: { type: "string", minLength: 1 } },
    mirrorMode: { enum: ["auto", "on", "off"] },
    platforms: { type: "array", items: { type: "string", pattern: "^[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?$" } },
    needs: { type: "object", additionalProperties: { type: "array", items: { type: "string", pattern: "^https?://" } } },
    smoke: {
      type: "object",
      additionalProperties: false,
      properties: {
        parallel: { type: "integer", minimum: 1, maximum: 16 },
        healthTimeoutSeconds: { type: "integer", minimum: 1 },
      },
    },
  },
} as const;
