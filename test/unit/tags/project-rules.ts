// The repository's own tag rules, read from its images.config.yaml (the built-in default is
// metadata-action's): tests of "our builds" use what our builds use.
import { resolve } from "node:path";
import { loadConfig } from "../../../scripts/config/load.ts";

const repositoryConfig = loadConfig(resolve(import.meta.dirname, "../../.."));

export const projectTags: readonly string[] = repositoryConfig.tags;
export const projectFlavor: readonly string[] = repositoryConfig.flavor;
