// `flowc build` through a symlink in the output folder: a clear error, nothing
// written outside, no "internal error" (the writer's refusal, as the CLI shows it).
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { flowc, makeProject } from "./helpers.ts";

const project = makeProject({
  "package.json": "{}\n",
  "sub/app.flow": "type Item { name: string }\n",
});
const outside = path.join(project.dir, "..", `${path.basename(project.dir)}-outside`);
afterAll(() => project.cleanup());

test("a symlinked folder inside the output folder is refused with an error, and nothing lands where it points", async () => {
  mkdirSync(outside, { recursive: true });
  mkdirSync(path.join(project.dir, "generated"));
  symlinkSync(outside, path.join(project.dir, "generated", "sub"));
  const result = await flowc(["build", "sub/app.flow"], { cwd: project.dir });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^error: refusing to write generated\/sub\/app\.ts: through the symlink generated\/sub it would go to .*outside the output folder generated/m);
  expect(result.stderr).toContain("help: remove the symlink, or choose another --out");
  expect(result.stderr).not.toContain("internal error");
  expect(existsSync(path.join(outside, "app.ts"))).toBe(false);
});
