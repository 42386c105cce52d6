import { defineConfig } from "vitest/config";

// Suites that talk to real peers in other languages (interop/). Peers are built by
// `bash interop/setup.sh`; the harness in test/interop/harness starts and stops them.
export default defineConfig({
  resolve: { conditions: ["@tribridge/source"] },
  ssr: { resolve: { conditions: ["@tribridge/source"] } },
  test: {
    setupFiles: ["test/setup/fast-check.ts"],
    include: ["test/interop/**/*.interop.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ["default"],
  },
});
