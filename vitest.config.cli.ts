import { defineConfig } from "vitest/config";

// CLI tier: tests that run real programs but need no engine: the docker CLI's `buildx bake --print`
// on the real bake.hcl and on the fixtures the unit tier answers with, and the launcher under node.
// `pnpm test` runs it between the unit and integration tiers; without docker it is a failure under CI=true.
export default defineConfig({
  test: {
    include: ["test/cli/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
