import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "src/**/*.test.ts",
      "test/**/*.test.ts",
      "examples/*/services/*/src/**/*.test.ts",
      "examples/*/service/src/**/*.test.ts",
      "examples/*/functions/*/src/**/*.test.ts",
      "examples/*/web/src/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});
