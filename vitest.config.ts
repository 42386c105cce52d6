import { defineConfig } from "vitest/config";

// Unit and property tests of every workspace, resolved from source through the
// "@tribridge/source" export condition, so no build is needed before a test run.
export default defineConfig({
  resolve: { conditions: ["@tribridge/source"] },
  ssr: { resolve: { conditions: ["@tribridge/source"] } },
  test: {
    setupFiles: ["test/setup/fast-check.ts"],
    include: ["codecs/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/unit/**/*.test.ts"],
    testTimeout: 30_000,
    reporters: ["default"],
  },
});
