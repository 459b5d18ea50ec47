// `flowc stabilize` end to end: a code worker runs on its recording with a
// trace, stabilize writes the tool module, the replay test and the edited
// .flow file (golden: the committed examples/code-worker files), the edited
// plan runs on the same recording with the same output, and `flowc diff`
// shows the worker becoming a tool. Then each error, with its code.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { flowc, ROOT } from "./helpers.ts";

const EXAMPLE = path.join(ROOT, "examples", "code-worker");
const golden = (file: string) => readFileSync(path.join(EXAMPLE, file), "utf8");

mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const dir = mkdtempSync(path.join(ROOT, ".tmp", "stabilize-"));
const at = (file: string) => path.join(dir, file);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stabilizeArgs = (extra: readonly string[] = []) => [
  "stabilize",
  "trace.jsonl",
  "--call",
  "answer/find_answer",
  "--flow",
  "stabilized.flow",
  "--input",
  "@input.json",
  "--recording",
  "recording.jsonl",
  ...extra,
];

describe("flowc stabilize", () => {
  let stabilized: Awaited<ReturnType<typeof flowc>>;
  beforeAll(async () => {
    for (const file of ["code_worker.flow", "input.json", "recording.jsonl"]) copyFileSync(path.join(EXAMPLE, file), at(file));
    copyFileSync(at("code_worker.flow"), at("stabilized.flow"));
    const run = await flowc(
      ["run", "code_worker.flow", "answer", "--input", "@input.json", "--replay", "recording.jsonl", "--trace", "trace.jsonl", "--out", "gen", "--no-progress"],
      { cwd: dir },
    );
    expect(run.stderr).toContain("usage: 24 model calls");
    expect(run.stdout).toBe('"1924"\n');
    stabilized = await flowc(stabilizeArgs(["--write"]), { cwd: dir });
  }, 120_000);

  test("prints the tool declaration and says what it wrote", () => {
    expect(stabilized.code).toBe(0);
    expect(stabilized.stdout).toBe('tool find_answer(document: string, question: string) -> string from "./tools/find_answer.ts"\n');
    expect(stabilized.stderr).toBe(
      `wrote ${path.join("tools", "find_answer.ts")} and ${path.join("tools", "find_answer.test.ts")}; replaced worker find_answer in stabilized.flow\n`,
    );
  });

  test("writes the module, the replay test and the .flow file exactly (golden: examples/code-worker)", () => {
    expect(readFileSync(at("tools/find_answer.ts"), "utf8")).toBe(golden("tools/find_answer.ts"));
    expect(readFileSync(at("tools/find_answer.test.ts"), "utf8")).toBe(golden("tools/find_answer.test.ts"));
    expect(readFileSync(at("stabilized.flow"), "utf8")).toBe(golden("stabilized.flow"));
  });

  test("the edited plan runs on the same recording with the same output, without the cells' turns", async () => {
    const run = await flowc(["run", "stabilized.flow", "answer", "--input", "@input.json", "--replay", "recording.jsonl", "--out", "gen2", "--no-progress"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('"1924"\n');
    expect(run.stderr).toMatch(/^usage: 21 model calls,/);
  }, 60_000);

  test("flowc diff shows the code worker becoming a tool", async () => {
    const diff = await flowc(["diff", "code_worker.flow", "stabilized.flow"], { cwd: dir });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(
      "- 🟠 **dangerous** code worker became a tool (stabilized): its cells are TypeScript now; call sites stay the same, and the llm() calls the tool still makes are not counted in the bounds: `worker` → `tool`\n",
    );
  });

  test("an unknown call path: FLS102, with the code worker calls the trace holds", async () => {
    const result = await flowc(stabilizeArgs().map((arg) => (arg === "answer/find_answer" ? "answer/nope" : arg)), { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: FLS102: trace.jsonl has no call at answer/nope\nhelp: code worker calls in it: answer/find_answer\n");
  });

  test("a call that is not a code worker's: FLS103", async () => {
    const result = await flowc(stabilizeArgs().map((arg) => (arg === "answer/find_answer" ? "answer" : arg)), { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: FLS103: answer (answer) is not a code worker's call: it ran no cells\nhelp: stabilize the call of a worker with `answer: code`\n",
    );
  });

  test("a failed run: FLS101", async () => {
    const failed = readFileSync(at("trace.jsonl"), "utf8").replace(/"type":"run-end","t":([\d.]+),"ok":true/, '"type":"run-end","t":$1,"ok":false,"error":"boom"');
    writeFileSync(at("failed.jsonl"), failed);
    const result = await flowc(stabilizeArgs().map((arg) => (arg === "trace.jsonl" ? "failed.jsonl" : arg)), { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: FLS101: the run in failed.jsonl failed (boom)\nhelp: stabilize a successful run of the code worker\n");
  });

  test("an input that is not the call's: FLS105", async () => {
    const result = await flowc(stabilizeArgs().map((arg) => (arg === "@input.json" ? '{"document":"x","question":"y"}' : arg)), { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: FLS105: the input given is not the input of answer/find_answer in trace.jsonl\nhelp: give the input the code worker was called with\n",
    );
  });
});
