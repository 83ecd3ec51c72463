// The config schema compiled ahead of time (ajv standalone). Compiling it on every CLI start cost
// ~90 ms (loading ajv, then code generation); the committed output loads in about 1 ms.
// Only the generator and its drift test load ajv.
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { configSchema } from "./schema.ts";

export const validatorFile = "scripts/config/config-validator.generated.js";

/**
 * Pure: the validator module's source. `unicode: false` keeps it free of ajv's runtime (a CommonJS
 * `require` that an ES module cannot run); the schema's only length check is "not empty", which
 * counting UTF-16 units answers the same. `logger: false` hides ajv's note that the option is old.
 */
export function renderValidator(): string {
  const ajv = new Ajv({ allErrors: true, unicode: false, logger: false, code: { source: true, esm: true, lines: true } });
  // A CommonJS module: its function is both the default import and that import's `default`.
  const code = standalone.default(ajv, ajv.compile(configSchema));
  return `// @ts-nocheck\n// Generated from scripts/config/schema.ts by \`pnpm config:validator\`. Do not edit by hand.\n${code}\n`;
}
