// examples/code-worker beyond its run (examples.test.ts): the stabilized plan
// prints the same answer on the same recording, the replay test stabilize
// wrote passes, and the README shows today's `flowc diff` between the two.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { flowc, ROOT } from "../cli/helpers.ts";
// The test `flowc stabilize` wrote beside the tool (vitest only collects test/**).
import "../../examples/code-worker/tools/find_answer.test.ts";

const EXAMPLE = path.join(ROOT, "examples", "code-worker");

describe("example code-worker, stabilized", () => {
  test("stabilized.flow prints the code worker's answer on the same recording", async () => {
    const run = await flowc(
      ["run", "stabilized.flow", "answer", "--input", "@input.json", "--replay", "recording.jsonl", "--out", path.join(ROOT, ".tmp", "code-worker-generated"), "--no-progress"],
      { cwd: EXAMPLE },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(ROOT, "test", "examples", "expected", "code-worker.json"), "utf8"));
  }, 60_000);

  test("the README shows the flowc diff between the two versions", async () => {
    const diff = await flowc(["diff", "code_worker.flow", "stabilized.flow"], { cwd: EXAMPLE });
    expect(diff.code).toBe(0);
    expect(readFileSync(path.join(EXAMPLE, "README.md"), "utf8")).toContain(`## The review: \`flowc diff code_worker.flow stabilized.flow\`\n\n${diff.stdout}`);
  });
});
