// The committed validator must be exactly what ajv compiles from the schema today.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { renderValidator, validatorFile } from "../../../scripts/config/validator.ts";

test(`${validatorFile} is up to date (regenerate: pnpm config:validator)`, () => {
  expect(readFileSync(join(import.meta.dirname, "..", "..", "..", validatorFile), "utf8")).toBe(renderValidator());
});
