import { defineConfig } from "vitest/config";

// Unit tier: pure logic, no engine, no network, no child process (the setup file fails a test that
// starts one). Must pass on any machine, with docker and git off PATH.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    setupFiles: ["test/unit/no-processes.ts"],
    testTimeout: 20_000,
  },
});
