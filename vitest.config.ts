import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "dev/**/*.test.ts", "tests/**/*.test.ts"],
    // A deadline for a stuck test, not a speed target (speed is `npm run bench`): on a loaded 2-core
    // machine the heavy in-process syncs run several times slower than alone.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
