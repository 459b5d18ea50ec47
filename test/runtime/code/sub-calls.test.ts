import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allowList,
  ApprovalDeniedError,
  BudgetExceededError,
  defineCodeWorker,
  defineTool,
  memoryTraceSink,
  run,
  z,
} from "../../../runtime/index.ts";
import type { CodeWorker } from "../../../runtime/index.ts";
import { RecordProvider, ReplayProvider } from "../../../runtime/models/index.ts";
import { isTurn, js, scriptedModel } from "./script.ts";
import { lastMessage } from "../../../runtime/testing/scripted-provider.ts";

const findNeedle = (concurrency: number, maxSubCalls = 64) =>
  defineCodeWorker({
    name: "find_needle",
    input: z.object({ chunks: z.array(z.string()) }),
    output: z.string(),
    instructions: "Find the chunk that holds the needle.",
    settings: { batchConcurrency: concurrency, maxSubCalls },
  });

const count = defineTool({
  name: "count_words",
  doc: "Counts the words of a text.",
  input: z.object({ text: z.string() }),
  output: z.number().int(),
  implementation: ({ text }) => text.split(/\s+/).length,
});

/** A code worker of `n` that may call itself, `maxDepth` deep. */
function selfCalling<Out>(name: string, output: z.ZodType<Out>, maxDepth: number): CodeWorker<{ n: number }, Out> {
  const worker: CodeWorker<{ n: number }, Out> = defineCodeWorker({
    name,
    input: z.object({ n: z.number() }),
    output,
    instructions: "Work on n.",
    uses: () => [worker],
    settings: { maxDepth },
  });
  return worker;
}

const scan = [
  js(`const found = llm_batch(chunks.map((c) => ({ prompt: "needle?", text: c })));\nprint(found.filter((f) => f !== "no").length)`),
  js(`FINAL(found.find((f) => f !== "no"))`),
];
const chunks = Array.from({ length: 24 }, (_, i) => (i === 17 ? "the needle is 42" : `hay ${i}`));
const answer = (_prompt: string, text: string) => (text.includes("needle") ? text : "no");

describe("sub-calls from cells", () => {
  it("runs a batch concurrently under batchConcurrency, answers in item order", async () => {
    const provider = scriptedModel({ turns: scan, llm: answer, delayMs: 20 });
    const result = await run(findNeedle(6), { chunks }, { provider });
    expect(result.output).toBe("the needle is 42");
    expect(provider.maxInFlight).toBe(6);
    expect(lastMessage(provider.requests.filter(isTurn)[1]!)).toContain("### Output 1\n1\n");
  });

  it("a batch that would pass maxSubCalls is refused whole, as an error in the cell", async () => {
    const provider = scriptedModel({ turns: [scan[0]!, js(`FINAL("gave up")`)], llm: answer });
    const result = await run(findNeedle(6, 10), { chunks }, { provider });
    expect(result.output).toBe("gave up");
    expect(provider.requests.filter((r) => !isTurn(r))).toHaveLength(0);
    expect(lastMessage(provider.requests.filter(isTurn)[1]!)).toContain(
      "### Output 1\nUncaught Error: code worker find_needle may make 10 sub-calls in all; this one needs 24 more than are left",
    );
  });

  it("calls the tools it uses by name; a side-effect tool still needs approval", async () => {
    const saved: unknown[] = [];
    const save = defineTool({
      name: "save",
      input: z.object({ value: z.number() }),
      output: z.boolean(),
      needsApproval: true,
      implementation: (input) => saved.push(input) > 0,
    });
    const worker = defineCodeWorker({
      name: "counter",
      input: z.object({ doc: z.string() }),
      output: z.number(),
      instructions: "Count and save.",
      uses: () => [count, save],
    });
    const turns = [js(`const n = count_words({ text: doc });\nsave({ value: n });\nFINAL(n)`)];
    const approved = await run(worker, { doc: "one two three" }, { provider: scriptedModel({ turns }), approval: allowList({ approve: ["save"] }) });
    expect(approved.output).toBe(3);
    expect(saved).toEqual([{ value: 3 }]);
    const denied = run(worker, { doc: "one two" }, { provider: scriptedModel({ turns }), approval: allowList({ approve: [] }) });
    await expect(denied).rejects.toThrow(ApprovalDeniedError);
    expect(saved).toHaveLength(1);
  });

  it("shows each callable's doc and schemas in the prompt", async () => {
    const worker = defineCodeWorker({ name: "counter", input: z.object({ doc: z.string() }), output: z.number(), instructions: "Count.", uses: () => [count] });
    const provider = scriptedModel({ turns: [js("FINAL(1)")] });
    await run(worker, { doc: "x" }, { provider });
    expect(provider.requests[0]!.messages[0]!.content).toContain(
      '- count_words(args: {"type":"object","properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}): {"type":"integer","minimum":-9007199254740991,"maximum":9007199254740991} — Counts the words of a text. Kind: tool.',
    );
  });

  it("recurses into itself under maxDepth", async () => {
    const halve = selfCalling("halve", z.number(), 2);
    const step = js(`FINAL(n < 2 ? n : halve({ n: n / 2 }))`);
    const trace = memoryTraceSink();
    const result = await run(halve, { n: 6 }, { provider: scriptedModel({ turns: [step, step, step] }), trace });
    expect(result.output).toBe(1.5);
    expect(trace.events().filter((e) => e.type === "end" && e.callable === "halve").map((e) => e.type === "end" && e.path)).toEqual([
      "halve/cell/halve/cell/halve",
      "halve/cell/halve",
      "halve",
    ]);
    const tooDeep = await run(halve, { n: 100 }, { provider: scriptedModel({ turns: [step, step, step, js(`FINAL(-1)`)] }) });
    expect(tooDeep.output).toBe(-1);
  });

  it("the depth error reaches the cell that made the call", async () => {
    const self = selfCalling("self", z.string(), 0);
    const provider = scriptedModel({ turns: [js(`let e; try { self({ n: 1 }) } catch (error) { e = error.message }\nFINAL(e)`)] });
    const result = await run(self, { n: 0 }, { provider });
    expect(result.output).toBe("Call depth 1 exceeds max_depth 0 (max_depth 0 of code worker self) at self/cell/self");
  });

  it("a fatal error in a sub-call (a budget) ends the run even if the cell catches it", async () => {
    const provider = scriptedModel({ turns: [js(`try { llm("a"); llm("b") } catch (e) { print("caught") }\nwhile (true) {}`)] });
    await expect(run(findNeedle(2), { chunks: [] }, { provider, budgets: { maxCalls: 2 } })).rejects.toThrow(BudgetExceededError);
    expect(provider.requests).toHaveLength(2);
  });

  it("record and replay work unchanged", async () => {
    const folder = mkdtempSync(join(tmpdir(), "flowc-code-"));
    const path = join(folder, "recording.jsonl");
    const recorder = new RecordProvider({ inner: scriptedModel({ turns: scan, llm: answer }), path });
    const recorded = await run(findNeedle(4), { chunks }, { provider: recorder });
    await recorder.close();
    const replayed = await run(findNeedle(4), { chunks }, { provider: new ReplayProvider({ path }) });
    expect(replayed.output).toBe(recorded.output);
    expect(replayed.output).toBe("the needle is 42");
    expect(replayed.usage.total).toEqual(recorded.usage.total);
  });
});
