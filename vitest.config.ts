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
    // Two workers on CI's two cores: most files wait on child processes (tsc,
    // the CLI, Postgres), so the second core halves the run (vitest's default
    // for two cores is one worker). The timeouts are hang guards, sized for
    // files that share the machine with another worker.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
