import { defineConfig } from "vitest/config";

// Unit tier: pure logic, no engine, no network. Must pass on any machine.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
