// Every example runs offline on its recording through the CLI, and prints
// exactly the output in test/examples/expected/NAME.json. The recordings come
// from scripts/record-examples.ts (a scripted local server, not a real model);
// after changing an example, re-record with
// `npx tsx scripts/record-examples.ts NAME --update-expected` and review the diff.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLES, type Example } from "../../scripts/examples.ts";
import { flowc, ROOT } from "../cli/helpers.ts";

// Generated code goes to a scratch folder, so the tests never touch the repository's
// generated/ (save_report writes out/memo.md, which is gitignored).
mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const scratch = mkdtempSync(path.join(ROOT, ".tmp", "examples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runArgs(example: Example, extra: readonly string[] = []): string[] {
  const abs = (p: string) => path.join(ROOT, p);
  return [
    "run",
    abs(example.file),
    example.flow,
    "--input",
    `@${abs(example.input)}`,
    "--replay",
    abs(example.recording),
    "--out",
    path.join(scratch, "generated"),
    ...example.args,
    ...extra,
  ];
}

/** Each example runs once; the tests below share the result. */
const runs = new Map<string, ReturnType<typeof flowc>>();
function runExample(example: Example) {
  let run = runs.get(example.name);
  if (!run) {
    run = flowc(runArgs(example, example.name === "decompose" ? ["--trace", path.join(scratch, "decompose-trace.jsonl")] : []), {
      cwd: ROOT,
    });
    runs.set(example.name, run);
  }
  return run;
}

function expected(name: string): string {
  return readFileSync(path.join(ROOT, "test", "examples", "expected", `${name}.json`), "utf8");
}

describe.each(EXAMPLES.map((e) => [e.name, e] as const))("example %s", (name, example) => {
  it("runs on its recording and prints the expected result", async () => {
    const result = await runExample(example);
    expect(result.stderr).toMatch(/^usage: \d+ model calls?, [\d,]+ tokens in, [\d,]+ out, \$[\d.]+ \(replayed\), [\d.]+m?s\n/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected(name));
  });
});

describe("pitchdeck", () => {
  const pitchdeck = EXAMPLES.find((e) => e.name === "pitchdeck")!;

  it("saves the memo it prints (save_report, approved)", async () => {
    const memo = JSON.parse(expected("pitchdeck")) as string;
    expect(existsSync(path.join(ROOT, "out", "memo.md"))).toBe(true);
    expect(readFileSync(path.join(ROOT, "out", "memo.md"), "utf8")).toBe(`${memo}\n`);
  });

  it("makes 9 model calls: 4 decks x 2 turns (market_size, then the score) + the memo", async () => {
    const result = await runExample(pitchdeck);
    expect(result.stderr).toMatch(/^usage: 9 model calls,/);
  });

  it("without approval, save_report is denied: exit 1 and a message saying how to approve", async () => {
    const args = runArgs(pitchdeck).filter((a) => a !== "--approve" && a !== "save_report");
    const result = await flowc(args, { cwd: ROOT });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("save_report");
    expect(result.stderr).toContain("--approve save_report");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("long-context", () => {
  it("calls a model 292 times: 141 chunks for mentions, 131 for digest, 20 merges", async () => {
    const example = EXAMPLES.find((e) => e.name === "long-context")!;
    const result = await runExample(example);
    expect(result.stderr).toMatch(/^usage: 292 model calls,/);
  });
});

describe("stabilize", () => {
  const worker = EXAMPLES.find((e) => e.name === "stabilize")!;
  const tool: Example = { ...worker, file: "examples/stabilize/tool_version.flow" };

  it("the tool version prints the same result with no model call", async () => {
    const result = await flowc(runArgs(tool), { cwd: ROOT });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expected("stabilize"));
    expect(result.stderr).toMatch(/^usage: 0 model calls,/);
  });

  it("the two .flow files differ only in the declaration of categorize", () => {
    const read = (f: string) => readFileSync(path.join(ROOT, "examples", "stabilize", f), "utf8");
    const withoutDecl = (text: string) =>
      text.replace(/^worker categorize\([^)]*\) -> Category \{\n[\s\S]*?\n\}\n/m, "DECL\n").replace(/^tool categorize\(.*\n/m, "DECL\n");
    const worker = read("worker_version.flow");
    const tool = read("tool_version.flow");
    expect(worker).not.toBe(tool);
    expect(withoutDecl(worker)).toBe(withoutDecl(tool));
  });

  it("the generated flow bodies are identical: no call site changes", async () => {
    const out = path.join(scratch, "stabilize-generated");
    const result = await flowc(["build", "examples/stabilize", "--out", out], { cwd: ROOT });
    expect(result.code).toBe(0);
    const body = (file: string) => {
      const text = readFileSync(path.join(out, "examples", "stabilize", file), "utf8");
      const start = text.indexOf("async function triage_plan(");
      expect(start).toBeGreaterThan(0);
      const end = text.indexOf("\n}\n", start);
      return text.slice(start, end + 2);
    };
    expect(body("worker_version.ts")).toBe(body("tool_version.ts"));
  });
});

describe("decompose", () => {
  it("plans by delegation, then refines in 3 rounds: 11 model calls", async () => {
    const example = EXAMPLES.find((e) => e.name === "decompose")!;
    const result = await runExample(example);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^usage: 11 model calls,/);
    const tree = await flowc(["trace", path.join(scratch, "decompose-trace.jsonl")], { cwd: ROOT });
    expect(tree.code).toBe(0);
    // plan_task delegated to itself, two levels deep.
    expect(tree.stdout).toMatch(/├─ plan_task \(worker\b.*\n│  ├─ plan_task \(worker\b.*\n│  │  └─ plan_task \(worker\b/);
  });
});

describe("generated code", () => {
  it("the committed generated/ code of the examples is current (as CI checks)", async () => {
    const result = await flowc(["build", "examples", "--check"], { cwd: ROOT });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "8 generated files up to date\n" });
  });
});
