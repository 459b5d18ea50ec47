import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineTool, defineWorker, ModelError, renderTrace, run, runFlow, z } from "../../runtime/index.ts";
import type { TraceEvent } from "../../runtime/index.ts";
import { memoryTraceSink } from "../../runtime/trace.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
const summarize = defineWorker<{ text: string }, string>({
  name: "summarize",
  input: z.object({ text: z.string() }),
  output: z.string(),
  model,
  instructions: "Summarize.",
  context: ({ text }) => text,
});
const upper = defineTool<{ text: string }, string>({ name: "upper", input: z.object({ text: z.string() }), output: z.string(), implementation: ({ text }) => text.toUpperCase() });
const digest = defineFlow<{ parts: string[] }, string>({
  name: "digest",
  input: z.object({ parts: z.array(z.string()) }),
  output: z.string(),
  async body(ctx, { parts }) {
    const notes = await ctx.map(parts, { concurrency: 1 }, (text, ctx) => ctx.call(summarize, { text }));
    return ctx.call(upper, { text: notes.join(" ") });
  },
});

const provider = () => new ScriptedProvider((request) => reply(`s(${request.messages[1]!.content})`, { prompt_tokens: 7, completion_tokens: 3 }));
const withoutTimes = (e: TraceEvent) => {
  const { t: _t, ...rest } = e as TraceEvent & { durationMs?: number };
  if ("durationMs" in rest) delete (rest as { durationMs?: number }).durationMs;
  if ("startedAt" in rest) delete (rest as { startedAt?: string }).startedAt;
  return rest;
};

describe("trace", () => {
  it("writes one JSON line per frame event with path, callable, kind, depth, input hash, output, usage", async () => {
    const sink = memoryTraceSink();
    await runFlow(digest, { parts: ["a", "b"] }, { provider: provider(), trace: sink });
    const events = sink.events();
    expect(events.map((e) => `${e.type} ${"path" in e ? e.path : ""}`)).toEqual([
      "run-start ",
      "start digest",
      "start digest/map[0]/summarize",
      "end digest/map[0]/summarize",
      "start digest/map[1]/summarize",
      "end digest/map[1]/summarize",
      "start digest/upper",
      "end digest/upper",
      "end digest",
      "run-end ",
    ]);
    const usage = { calls: 1, promptTokens: 7, completionTokens: 3, totalTokens: 10, usd: (7 * 0.4 + 3 * 1.6) / 1e6 };
    expect(withoutTimes(events[3]!)).toEqual({
      type: "end",
      path: "digest/map[0]/summarize",
      parent: "digest",
      callable: "summarize",
      kind: "worker",
      depth: 1,
      inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      model: "gpt-4.1-mini",
      output: "s(a)",
      usage,
    });
    // Same input, same hash: the journal key for resuming.
    expect((events[2] as { inputHash: string }).inputHash).toBe((events[3] as { inputHash: string }).inputHash);
    expect(withoutTimes(events[8]!)).toMatchObject({ type: "end", path: "digest", parent: null, kind: "flow", depth: 0, output: "S(A) S(B)", usage: { calls: 2, totalTokens: 20 } });
    for (const e of events) expect(typeof e.t).toBe("number");
    expect((events[3] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  it("includes a worker's messages with traceMessages", async () => {
    const sink = memoryTraceSink();
    await runFlow(digest, { parts: ["a"] }, { provider: provider(), trace: sink, traceMessages: true });
    const ends = sink.events().filter((e) => e.type === "end");
    expect(ends.find((e) => e.path === "digest/map[0]/summarize")).toMatchObject({
      messages: [
        { role: "system", content: "Summarize." },
        { role: "user", content: "a" },
        { role: "assistant", content: "s(a)" },
      ],
    });
    expect(ends.find((e) => e.path === "digest")).not.toHaveProperty("messages");
  });

  it("records errors with their message", async () => {
    const sink = memoryTraceSink();
    const failing = new ScriptedProvider(() => {
      throw new ModelError("nope", { status: 400, retryable: false });
    });
    await expect(run(digest, { parts: ["a"] }, { provider: failing, trace: sink })).rejects.toThrow();
    const errors = sink.events().filter((e) => e.type === "error");
    expect(errors.map((e) => [e.path, e.error])).toEqual([
      ["digest/map[0]/summarize", "Model request failed at digest/map[0]/summarize (model gpt-4.1-mini, HTTP 400) after 1 attempt: nope"],
      ["digest", "Model request failed at digest/map[0]/summarize (model gpt-4.1-mini, HTTP 400) after 1 attempt: nope"],
    ]);
    expect(sink.events().at(-1)).toMatchObject({ type: "run-end", ok: false });
  });

  describe("secrets", () => {
    const key = "sk-test-very-secret-0123456789abcdef";
    let previous: string | undefined;
    beforeEach(() => {
      previous = process.env.OPENAI_API_KEY;
      process.env.OPENAI_API_KEY = key;
    });
    afterEach(() => {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    });

    it("never writes an API key or Authorization header to the trace file", async () => {
      const dir = mkdtempSync(join(tmpdir(), "flowc-trace-"));
      const file = join(dir, "nested", "trace.jsonl");
      const leaky = new ScriptedProvider(() => {
        throw new ModelError(`401 Incorrect API key provided: ${key}; Authorization: Bearer ${key}`, { status: 401, retryable: false });
      });
      const echo = defineTool<{ text: string }, string>({ name: "echo", input: z.object({ text: z.string() }), output: z.string(), implementation: ({ text }) => text });
      const flow = defineFlow<{ text: string }, string>({
        name: "leak",
        input: z.object({ text: z.string() }),
        output: z.string(),
        async body(ctx, input) {
          await ctx.call(echo, input); // the key as data: in the output of a frame
          return ctx.call(summarize, input);
        },
      });
      await expect(run(flow, { text: `my key is ${key}` }, { provider: leaky, trace: file })).rejects.toThrow();
      const written = readFileSync(file, "utf8");
      expect(written.split("\n").filter(Boolean).length).toBeGreaterThan(4);
      expect(written).not.toContain(key);
      expect(written).not.toContain("very-secret");
      expect(written).toContain("[REDACTED]");
    });
  });

  it("renders the call tree with usage per node", async () => {
    const sink = memoryTraceSink();
    await runFlow(digest, { parts: ["a", "b"] }, { provider: provider(), trace: sink });
    const text = renderTrace(sink.lines).replace(/\d+ms/g, "Xms").replace(/ at \S+/, " at T");
    expect(text).toBe(
      [
        "run digest (flow) at T",
        "digest (flow)  2 calls  14+6 tok  $0.000015  Xms",
        "├─ map[0]/summarize (worker, gpt-4.1-mini)  1 call  7+3 tok  $0.0000076  Xms",
        "├─ map[1]/summarize (worker, gpt-4.1-mini)  1 call  7+3 tok  $0.0000076  Xms",
        "└─ upper (tool)  0 calls  Xms",
        "ok  total 2 calls  14+6 tok  $0.000015  Xms",
        "",
      ].join("\n"),
    );
  });
});

describe("renderTrace", () => {
  it("shows errors, approvals and unfinished frames", () => {
    const usage = { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, usd: null };
    const frame = (path: string, parent: string | null, kind: "flow" | "tool") => ({ path, parent, callable: path.split("/").pop()!, kind, depth: parent ? 1 : 0, inputHash: "h" });
    const events: TraceEvent[] = [
      { type: "start", t: 0, ...frame("f", null, "flow") },
      { type: "start", t: 1, ...frame("f/save", "f", "tool") },
      { type: "approval", t: 2, path: "f/save", tool: "save", decision: "deny", by: "non-interactive", arguments: {}, reason: "not interactive" },
      { type: "error", t: 3, ...frame("f/save", "f", "tool"), durationMs: 2, error: "denied", errorName: "ApprovalDeniedError", usage },
      { type: "start", t: 4, ...frame("f/later", "f", "tool") },
    ];
    expect(renderTrace(events)).toBe(
      [
        "f (flow)  … running",
        "├─ save (tool)  ✗ denied  0 calls  2ms",
        "│     approval: deny (by non-interactive): not interactive",
        "└─ later (tool)  … running",
        "",
      ].join("\n"),
    );
  });
});

describe("resume", () => {
  it("returns recorded outputs for frames with the same path and input hash", async () => {
    const first = memoryTraceSink();
    const p1 = provider();
    await runFlow(digest, { parts: ["a", "b"] }, { provider: p1, trace: first });
    expect(p1.requests).toHaveLength(2);
    // Cut the journal before map[1] ended, as if the run had crashed there.
    const crash = first.lines.findIndex((l) => l.includes('"type":"end"') && l.includes("map[1]"));
    const journal = first.lines.slice(0, crash);
    const p2 = provider();
    const second = memoryTraceSink();
    expect(await runFlow(digest, { parts: ["a", "b"] }, { provider: p2, resume: journal, trace: second })).toBe("S(A) S(B)");
    expect(p2.requests.map((r) => r.messages[1]!.content)).toEqual(["b"]);
    expect(second.events().filter((e) => e.type === "end" && e.resumed).map((e) => (e as { path: string }).path)).toEqual([
      "digest/map[0]/summarize",
    ]);
  });
});
