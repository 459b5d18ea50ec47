import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (file: string) => fileURLToPath(new URL(`./runtime/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Generated code imports the runtime package by name; in this repository
    // that is its TypeScript sources (the package ships them compiled), so a
    // test and the generated code it runs share one runtime.
    alias: [
      { find: /^@flowc\/runtime$/, replacement: source("index.ts") },
      { find: /^@flowc\/runtime\/models$/, replacement: source("models/index.ts") },
      { find: /^@flowc\/runtime\/testing$/, replacement: source("testing/index.ts") },
      { find: /^@flowc\/runtime\/dbos$/, replacement: source("dbos/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
