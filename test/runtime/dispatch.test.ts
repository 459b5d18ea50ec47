import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DepthLimitError,
  defineFlow,
  defineModel,
  defineTool,
  defineWorker,
  InputError,
  OutputError,
  run,
  runFlow,
  z,
  type Flow,
  type FlowContext,
} from "../../runtime/index.ts";
import { memoryTraceSink } from "../../runtime/trace.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const model = defineModel({ alias: "analyst", id: "gpt-4.1-mini", settings: {} });
const Input = z.object({ text: z.string() });

// The same signature twice: an LLM-backed worker and a code-backed tool.
const shoutWorker = defineWorker<{ text: string }, string>({
  name: "shout",
  input: Input,
  output: z.string(),
  model,
  instructions: "Repeat the text in capitals.",
  context: ({ text }) => text,
});
const shoutTool = defineTool<{ text: string }, string>({
  name: "shout",
  input: Input,
  output: z.string(),
  implementation: ({ text }) => text.toUpperCase(),
});

type Shout = typeof shoutWorker | typeof shoutTool;
// One flow body (one call site) parameterized by the callable it calls.
function shoutFlow(shout: Shout) {
  return defineFlow<{ words: string[] }, string[]>({
    name: "shout_all",
    input: z.object({ words: z.array(z.string()) }),
    output: z.array(z.string()),
    body: (ctx: FlowContext, { words }) => ctx.map(words, {}, (word, ctx) => ctx.call(shout, { text: word })),
  });
}

describe("one dispatch path", () => {
  it("runs the same call site against a worker or a tool", async () => {
    const provider = new ScriptedProvider((request) => reply(String(request.messages[1]!.content).toUpperCase()));
    const viaWorker = await runFlow(shoutFlow(shoutWorker), { words: ["a", "b"] }, { provider });
    const viaTool = await runFlow(shoutFlow(shoutTool), { words: ["a", "b"] }, { provider });
    expect(viaWorker).toEqual(["A", "B"]);
    expect(viaTool).toEqual(["A", "B"]);
    expect(provider.requests).toHaveLength(2); // only the worker version asked the model
  });

  it("validates the input first and names the field path", async () => {
    const flow = shoutFlow(shoutTool);
    const error = await run(flow, { words: ["a", 3] } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe("Invalid input for shout_all at shout_all: words[1]: Invalid input: expected string, received number");
  });

  it("validates a nested call's input with its call path", async () => {
    const flow = defineFlow<{ n: number }, string>({
      name: "outer",
      input: z.object({ n: z.number() }),
      output: z.string(),
      body: (ctx, { n }) => ctx.call(shoutTool, { text: n } as never),
    });
    await expect(run(flow, { n: 1 })).rejects.toThrow("Invalid input for shout at outer/shout: text: Invalid input: expected string, received number");
  });

  it("validates a tool's result", async () => {
    const bad = defineTool<{ text: string }, string>({ name: "bad", input: Input, output: z.string(), implementation: () => 42 as never });
    await expect(run(bad, { text: "x" })).rejects.toThrow(OutputError);
    await expect(run(bad, { text: "x" })).rejects.toThrow("Invalid result from bad at bad: (value): Invalid input: expected string, received number");
  });

  it("returns output, usage and duration", async () => {
    const provider = new ScriptedProvider(() => reply("HI"));
    const result = await run(shoutWorker, { text: "hi" }, { provider });
    expect(result.output).toBe("HI");
    expect(result.usage.total).toEqual({ calls: 1, promptTokens: 10, completionTokens: 5, totalTokens: 15, usd: 0.000012 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("explains how to configure a provider when none is given", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    try {
      const error = await run(shoutWorker, { text: "hi" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/pass RunOptions\.provider .* or set OPENAI_API_KEY/);
      // A flow of tools needs no provider at all.
      expect(await runFlow(shoutFlow(shoutTool), { words: ["x"] })).toEqual(["X"]);
    } finally {
      if (saved.key !== undefined) process.env.OPENAI_API_KEY = saved.key;
      if (saved.url !== undefined) process.env.OPENAI_BASE_URL = saved.url;
    }
  });
});

describe("default provider", () => {
  it("builds the openai provider lazily from the environment when none is passed", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = "sk-test-lazy-provider-0000";
    process.env.OPENAI_BASE_URL = "http://127.0.0.1:9/v1"; // nothing listens: a connection error, no network
    try {
      const error = await run(shoutWorker, { text: "hi" }, { retries: 0 }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^Model request failed at shout \(model gpt-4\.1-mini, no HTTP status\) after 1 attempt: /);
      expect((error as Error).message).not.toContain("sk-test-lazy-provider-0000");
    } finally {
      if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved.key;
      if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = saved.url;
    }
  });
});

describe("call paths", () => {
  it("suffixes repeated siblings and second maps, in call order", async () => {
    const note = defineTool<{ text: string }, string>({ name: "note", input: Input, output: z.string(), implementation: (_i, ctx) => ctx.path });
    const flow = defineFlow<{ xs: string[] }, string[]>({
      name: "refine",
      input: z.object({ xs: z.array(z.string()) }),
      output: z.array(z.string()),
      async body(ctx, { xs }) {
        const first = await ctx.call(note, { text: "a" });
        const second = await ctx.call(note, { text: "b" });
        const third = await ctx.call(note, { text: "c" });
        const mapped = await ctx.map(xs, {}, async (x, ctx) => {
          const a = await ctx.call(note, { text: x });
          const b = await ctx.call(note, { text: x });
          return `${a} ${b}`;
        });
        const again = await ctx.map(xs, {}, (x, ctx) => ctx.call(note, { text: x }));
        const kept = await ctx.filter(xs, {}, async (x, ctx) => (await ctx.call(note, { text: x })).length > 0);
        return [first, second, third, ...mapped, ...again, ...kept.map((k) => `kept ${k}`)];
      },
    });
    expect(await runFlow(flow, { xs: ["p", "q"] })).toEqual([
      "refine/note",
      "refine/note#2",
      "refine/note#3",
      "refine/map[0]/note refine/map[0]/note#2",
      "refine/map[1]/note refine/map[1]/note#2",
      "refine/map#2[0]/note",
      "refine/map#2[1]/note",
      "kept p",
      "kept q",
    ]);
  });

  it("gives reduce batches level and batch indices", async () => {
    const paths: string[] = [];
    const sum = defineTool<{ xs: number[] }, number>({
      name: "sum",
      input: z.object({ xs: z.array(z.number()) }),
      output: z.number(),
      implementation: ({ xs }, ctx) => {
        paths.push(ctx.path);
        return xs.reduce((a, b) => a + b, 0);
      },
    });
    const flow = defineFlow<{ xs: number[] }, number>({
      name: "total",
      input: z.object({ xs: z.array(z.number()) }),
      output: z.number(),
      body: (ctx, { xs }) => ctx.reduce(xs, { batch: 2 }, (batch, ctx) => ctx.call(sum, { xs: batch })),
    });
    expect(await runFlow(flow, { xs: [1, 2, 3, 4, 5] })).toBe(15);
    expect(paths.sort()).toEqual(["total/reduce[0][0]/sum", "total/reduce[0][1]/sum", "total/reduce[1][0]/sum", "total/reduce[2][0]/sum"]);
  });
});

describe("depth limit", () => {
  const Down = z.object({ n: z.number() });
  const down: Flow<{ n: number }, number> = defineFlow<{ n: number }, number>({
    name: "down",
    input: Down,
    output: z.number(),
    body: async (ctx, { n }) => (n === 0 ? ctx.depth : ctx.call(down, { n: n - 1 })),
  });

  it("allows depth 5 by default and names the path beyond it", async () => {
    expect(await runFlow(down, { n: 5 })).toBe(5);
    const error = await runFlow(down, { n: 6 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DepthLimitError);
    expect((error as Error).message).toBe(
      "Call depth 6 exceeds max_depth 5 (the default; set max_depth on the worker or RunOptions.maxDepth) at down/down/down/down/down/down/down",
    );
  });

  it("takes the run's maxDepth", async () => {
    await expect(runFlow(down, { n: 2 }, { maxDepth: 1 })).rejects.toThrow("Call depth 2 exceeds max_depth 1 (RunOptions.maxDepth) at down/down/down");
  });

  it("takes a worker's max_depth for the worker's subtree", async () => {
    const leaf = defineTool<{ n: number }, number>({ name: "leaf", input: Down, output: z.number(), implementation: (_i, ctx) => ctx.depth });
    const deep: Flow<{ n: number }, number> = defineFlow<{ n: number }, number>({
      name: "deep",
      input: Down,
      output: z.number(),
      body: async (ctx, { n }) => (n === 0 ? ctx.call(leaf, { n }) : ctx.call(deep, { n: n - 1 })),
    });
    const boss = defineWorker<{ n: number }, number>({
      name: "boss",
      input: Down,
      output: z.number(),
      model,
      instructions: "Delegate.",
      uses: () => [deep],
      maxDepth: 7,
    });
    const calls = [
      { role: "tool", n: 8 },
      { role: "final" },
    ];
    let i = 0;
    const provider = new ScriptedProvider((request) => {
      const step = calls[i++]!;
      if (step.role === "tool") {
        return { message: { content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "deep", arguments: JSON.stringify({ n: step.n }) } }] }, finish_reason: "tool_calls", usage: { prompt_tokens: 1, completion_tokens: 1 } };
      }
      return reply(JSON.stringify({ result: request.messages.length }));
    });
    // main at depth 0, boss at 1 (limit 1 + 7 = 8), deep at 2, 3, …: the one at depth 9 is refused
    // and the model sees the error as the tool result.
    await runFlow(
      defineFlow({ name: "main", input: Down, output: z.number(), body: (ctx, input: { n: number }) => ctx.call(boss, input) }),
      { n: 0 },
      { provider },
    );
    const toolMessage = provider.requests[1]!.messages[3]!;
    expect(toolMessage).toMatchObject({ role: "tool", tool_call_id: "c1" });
    expect((toolMessage as { content: string }).content).toBe(
      "Error: Call depth 9 exceeds max_depth 8 (max_depth 7 of worker boss) at main/boss/deep/deep/deep/deep/deep/deep/deep/deep",
    );
  });
});

describe("trace of a run", () => {
  it("writes nothing for invalid input", async () => {
    const sink = memoryTraceSink();
    await expect(run(shoutTool, {} as never, { trace: sink })).rejects.toThrow(InputError);
    expect(sink.lines).toEqual([]);
  });
});
