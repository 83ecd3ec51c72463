import { defineConfig } from "vitest/config";

// Integration tier: a real Docker engine and a registry on 127.0.0.1:5000.
// Builds are slow and share one engine, so files run one at a time.
export default defineConfig({
  test: {
    include: ["test/integration/**/*.itg.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    fileParallelism: false,
    globalSetup: ["test/integration/global-setup.ts"],
  },
});
