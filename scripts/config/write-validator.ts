// Writes the precompiled config validator (see validator.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderValidator, validatorFile } from "./validator.ts";

const path = join(import.meta.dirname, "..", "..", validatorFile);
writeFileSync(path, renderValidator());
process.stdout.write(`wrote ${path}\n`);
