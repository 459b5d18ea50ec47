import { describe, expect, it } from "vitest";
import { toOpenAIRequest } from "../../runtime/models/openai-chat.ts";
import {
  defineFlow,
  defineModel,
  defineTool,
  defineWorker,
  MaxTurnsError,
  memoryTraceSink,
  OutputValidationError,
  run,
  runFlow,
  z,
} from "../../runtime/index.ts";
import type { ChatRequest, RunEvent } from "../../runtime/index.ts";
import { callTools, reply, replyJson, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const analyst = defineModel({ alias: "analyst", id: "gpt-4.1-mini", settings: { temperature: 0.2, top_p: 0.9 } });

interface Deck {
  name: string;
  text: string;
}
const Deck = z.object({ name: z.string(), text: z.string() });
interface Evaluation {
  company: string;
  score: number;
  notes?: string;
}
const Evaluation: z.ZodType<Evaluation> = z.object({
  company: z.string(),
  score: z.number().int().describe("1 to 10"),
  notes: z.string().optional(),
});

const evaluate = defineWorker<{ deck: Deck }, Evaluation>({
  name: "evaluate_deck",
  doc: "Scores one pitch deck.",
  input: z.object({ deck: Deck }),
  output: Evaluation,
  model: analyst,
  instructions: 'Score the deck "{{deck.name}}" from 1 to 10.',
  context: ({ deck }) => deck.text,
});

const deck = { name: "Acme", text: "We sell anvils." };

describe("messages", () => {
  it("sends rendered instructions and the context string as they are", async () => {
    const provider = new ScriptedProvider(() => replyJson({ company: "Acme", score: 7, notes: null }));
    const result = await run(evaluate, { deck }, { provider });
    expect(result.output).toEqual({ company: "Acme", score: 7 }); // null → absent before validation
    expect(provider.requests[0]!.messages).toEqual([
      { role: "system", content: 'Score the deck "Acme" from 1 to 10.' },
      { role: "user", content: "We sell anvils." },
    ]);
  });

  it("sends a non-string context, and the input without context, as JSON", async () => {
    const withJsonContext = defineWorker<{ decks: Deck[] }, string>({
      name: "memo",
      input: z.object({ decks: z.array(Deck) }),
      output: z.string(),
      model: analyst,
      instructions: "Count {{decks}}.",
      context: ({ decks }) => decks.map((d) => d.name),
    });
    const withoutContext = defineWorker<{ decks: Deck[] }, string>({ ...withJsonContext, name: "memo2", context: undefined });
    const provider = new ScriptedProvider(() => reply("ok"));
    await run(withJsonContext, { decks: [deck] }, { provider });
    await run(withoutContext, { decks: [deck] }, { provider });
    expect(provider.requests[0]!.messages).toEqual([
      { role: "system", content: 'Count [{"name":"Acme","text":"We sell anvils."}].' },
      { role: "user", content: '["Acme"]' },
    ]);
    expect(provider.requests[1]!.messages[1]).toEqual({ role: "user", content: '{"decks":[{"name":"Acme","text":"We sell anvils."}]}' });
  });

  it("puts model settings, the worker's temperature and run-time model overrides in the request", async () => {
    const provider = new ScriptedProvider(() => reply("ok"));
    const warm = defineWorker<{ x: string }, string>({
      name: "warm",
      input: z.object({ x: z.string() }),
      output: z.string(),
      model: analyst,
      instructions: "Hi",
      temperature: 0.9,
    });
    await run(warm, { x: "a" }, { provider });
    await run(warm, { x: "a" }, { provider, models: { analyst: "gpt-4.1" } });
    const { messages: _m, ...first } = provider.requests[0]!;
    expect(first).toEqual({ model: "gpt-4.1-mini", settings: { temperature: 0.9, top_p: 0.9 } });
    expect(provider.requests[1]!.model).toBe("gpt-4.1");
  });
});

describe("structured output", () => {
  it("asks for a record as its own strict JSON schema", async () => {
    const provider = new ScriptedProvider(() => replyJson({ company: "Acme", score: 7, notes: "fine" }));
    await run(evaluate, { deck }, { provider });
    expect(toOpenAIRequest(provider.requests[0]!).response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "evaluate_deck",
        strict: true,
        schema: {
          type: "object",
          properties: {
            company: { type: "string" },
            score: { type: "integer", description: "1 to 10" },
            notes: { type: ["string", "null"] },
          },
          required: ["company", "score", "notes"],
          additionalProperties: false,
        },
      },
    });
  });

  it("asks for a string as plain text", async () => {
    const provider = new ScriptedProvider(() => reply("plain words"));
    const memo = defineWorker<{ x: string }, string>({ name: "memo", input: z.object({ x: z.string() }), output: z.string(), model: analyst, instructions: "Write." });
    expect((await run(memo, { x: "a" }, { provider })).output).toBe("plain words");
    expect(toOpenAIRequest(provider.requests[0]!).response_format).toBeUndefined();
  });

  it("wraps any other result as {result} and unwraps it", async () => {
    const provider = new ScriptedProvider(() => replyJson({ result: [{ quote: "q", page: 2 }] }));
    const find = defineWorker<{ chunk: string }, { quote: string; page: number }[]>({
      name: "find_mentions",
      input: z.object({ chunk: z.string() }),
      output: z.array(z.object({ quote: z.string(), page: z.number().int() })),
      model: analyst,
      instructions: "Find.",
      context: ({ chunk }) => chunk,
    });
    expect((await run(find, { chunk: "c" }, { provider })).output).toEqual([{ quote: "q", page: 2 }]);
    expect(toOpenAIRequest(provider.requests[0]!).response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "find_mentions",
        strict: true,
        schema: {
          type: "object",
          properties: {
            result: {
              type: "array",
              items: {
                type: "object",
                properties: { quote: { type: "string" }, page: { type: "integer" } },
                required: ["quote", "page"],
                additionalProperties: false,
              },
            },
          },
          required: ["result"],
          additionalProperties: false,
        },
      },
    });
  });

  it("sends an invalid answer back once with the problem, then accepts the repair", async () => {
    const answers = [replyJson({ company: "Acme", score: "seven" }), replyJson({ company: "Acme", score: 7, notes: null })];
    const provider = new ScriptedProvider((_r, _i, index) => answers[index]!);
    expect((await run(evaluate, { deck }, { provider })).output).toEqual({ company: "Acme", score: 7 });
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1]!.messages.slice(2)).toEqual([
      { role: "assistant", content: '{"company":"Acme","score":"seven"}' },
      {
        role: "user",
        content:
          "Your answer was invalid: it does not match the schema: score: Invalid input: expected number, received string. Reply again with only the corrected answer as JSON matching the required schema.",
      },
    ]);
  });

  it("fails after two repair turns by default, naming worker, path and each field's problem", async () => {
    const answers = ["not json", '{"company":"Acme","score":"seven"}', '{"company":"Acme"}'];
    const provider = new ScriptedProvider((_r, _i, index) => reply(answers[index]!));
    const flow = defineFlow<{ deck: Deck }, Evaluation>({
      name: "review",
      input: z.object({ deck: Deck }),
      output: Evaluation,
      body: (ctx, input) => ctx.call(evaluate, input),
    });
    const error = await runFlow(flow, { deck }, { provider }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputValidationError);
    expect((error as Error).message).toBe(
      "Worker evaluate_deck at review/evaluate_deck returned invalid output 3 times (after 2 repair turns): it does not match the schema: score: Invalid input: expected number, received undefined",
    );
    expect((error as OutputValidationError).repairs).toBe(2);
    expect(provider.requests).toHaveLength(3);
    expect(provider.requests[1]!.messages[3]).toEqual({
      role: "user",
      content: expect.stringMatching(/^Your answer was invalid: it is not valid JSON \(Unexpected token/),
    });
    expect(provider.requests[2]!.messages[5]).toEqual({
      role: "user",
      content: expect.stringMatching(/^Your answer was invalid: it does not match the schema: score: Invalid input: expected number, received string\./),
    });
  });

  it("takes repair turns from the run and from the worker, the worker winning", async () => {
    const invalid = () => new ScriptedProvider(() => reply('{"company":"Acme","score":"high"}'));
    const once = invalid();
    await expect(run(evaluate, { deck }, { provider: once, repairTurns: 1 })).rejects.toThrow(
      "Worker evaluate_deck at evaluate_deck returned invalid output twice (after one repair turn): it does not match the schema: score: Invalid input: expected number, received string",
    );
    expect(once.requests).toHaveLength(2);
    const none = invalid();
    await expect(run(evaluate, { deck }, { provider: none, repairTurns: 0 })).rejects.toThrow(
      "returned invalid output once (repair turns are off: RunOptions.repairTurns 0)",
    );
    expect(none.requests).toHaveLength(1);
    const patient = invalid();
    await expect(run(defineWorker({ ...evaluate, repairTurns: 4 }), { deck }, { provider: patient, repairTurns: 0 })).rejects.toThrow(
      "returned invalid output 5 times (after 4 repair turns)",
    );
    expect(patient.requests).toHaveLength(5);
  });

  it("reports each repair turn as an event and a trace line", async () => {
    const answers = [replyJson({ company: "Acme", score: "seven" }), replyJson({ company: "Acme", score: 7, notes: null })];
    const provider = new ScriptedProvider((_r, _i, index) => answers[index]!);
    const events: RunEvent[] = [];
    const sink = memoryTraceSink();
    await run(evaluate, { deck }, { provider, onEvent: (e) => events.push(e), trace: sink });
    const repair = {
      path: "evaluate_deck",
      worker: "evaluate_deck",
      model: "gpt-4.1-mini",
      repair: 1,
      repairTurns: 2,
      problem: "it does not match the schema: score: Invalid input: expected number, received string",
    };
    expect(events.filter((e) => e.type === "repair")).toEqual([{ type: "repair", ...repair }]);
    expect(sink.events().filter((e) => e.type === "repair")).toEqual([{ type: "repair", t: expect.any(Number), ...repair }]);
  });
});

describe("delegation (uses)", () => {
  const marketSize = defineTool<{ sector: string }, number>({
    name: "market_size",
    doc: "Estimates a market's size in USD.",
    input: z.object({ sector: z.string() }),
    output: z.number(),
    implementation: ({ sector }) => (sector === "anvils" ? 1_000_000 : 0),
  });
  const critic = defineWorker<{ text: string; tone?: string }, string>({
    name: "critic",
    doc: "Criticizes a text.",
    input: z.object({ text: z.string(), tone: z.string().optional() }),
    output: z.string(),
    model: analyst,
    instructions: `Criticize the text. ${"Be thorough. ".repeat(40)}`,
    context: ({ text }) => text,
  });
  const lengths = defineFlow<{ words: string[] }, number[]>({
    name: "lengths",
    input: z.object({ words: z.array(z.string()) }),
    output: z.array(z.number()),
    body: (ctx, { words }) => ctx.map(words, {}, async (w, ctx) => (await ctx.call(marketSize, { sector: w })) + w.length),
  });
  const boss = defineWorker<{ topic: string }, string>({
    name: "boss",
    input: z.object({ topic: z.string() }),
    output: z.string(),
    model: analyst,
    instructions: "Research {{topic}}.",
    uses: () => [marketSize, critic, lengths],
    maxTurns: 4,
  });

  it("exposes delegates as tools with doc, kind, instruction summary and input schema", async () => {
    const provider = new ScriptedProvider(() => reply("done"));
    await run(boss, { topic: "anvils" }, { provider });
    const tools = toOpenAIRequest(provider.requests[0]!).tools!;
    expect(tools.map((t) => t.function.name)).toEqual(["market_size", "critic", "lengths"]);
    expect(tools[0]).toEqual({
      type: "function",
      function: {
        name: "market_size",
        description: "Estimates a market's size in USD.\nKind: tool.",
        parameters: { type: "object", properties: { sector: { type: "string" } }, required: ["sector"], additionalProperties: false },
        strict: true,
      },
    });
    const criticDescription = tools[1]!.function.description;
    expect(criticDescription.startsWith("Criticizes a text.\nKind: worker.\nInstructions: Criticize the text. Be thorough.")).toBe(true);
    expect(criticDescription.endsWith("…")).toBe(true);
    expect(criticDescription.length).toBeLessThan(400);
    expect(tools[1]!.function.parameters).toEqual({
      type: "object",
      properties: { text: { type: "string" }, tone: { type: ["string", "null"] } },
      required: ["text", "tone"],
      additionalProperties: false,
    });
    expect(tools[2]!.function.description).toBe("Kind: flow.");
  });

  it("runs tool calls through ctx.call: a tool, a worker in its own frame, a flow with its plan", async () => {
    const provider = new ScriptedProvider((request: ChatRequest, info) => {
      if (info.worker === "critic") return reply(`too short: ${request.messages[1]!.content}`);
      const toolMessages = request.messages.filter((m) => m.role === "tool");
      if (toolMessages.length === 0) {
        return callTools([
          { name: "market_size", args: { sector: "anvils" }, id: "a" },
          { name: "critic", args: { text: "draft", tone: null }, id: "b" },
          { name: "lengths", args: { words: ["anvils", "x"] }, id: "c" },
        ]);
      }
      return reply(toolMessages.map((m) => m.content).join(" | "));
    });
    const result = await run(boss, { topic: "anvils" }, { provider });
    expect(result.output).toBe("1000000 | too short: draft | [1000006,1]");
    expect(provider.infos.map((i) => i.path)).toEqual(["boss", "boss/critic", "boss"]);
    const second = provider.requests[2]!;
    expect(second.messages.slice(2)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "a", type: "function", function: { name: "market_size", arguments: '{"sector":"anvils"}' } },
          { id: "b", type: "function", function: { name: "critic", arguments: '{"text":"draft","tone":null}' } },
          { id: "c", type: "function", function: { name: "lengths", arguments: '{"words":["anvils","x"]}' } },
        ],
      },
      { role: "tool", tool_call_id: "a", content: "1000000" },
      { role: "tool", tool_call_id: "b", content: "too short: draft" },
      { role: "tool", tool_call_id: "c", content: "[1000006,1]" },
    ]);
    expect(result.usage.byWorker).toMatchObject({ boss: { calls: 2 }, critic: { calls: 1 } });
    expect(result.usage.byDepth).toMatchObject({ "0": { calls: 2 }, "1": { calls: 1 } });
  });

  it("hands a delegate's error back to the model as the tool result", async () => {
    const failing = defineTool<{ sector: string }, number>({
      name: "market_size",
      input: z.object({ sector: z.string() }),
      output: z.number(),
      implementation: () => {
        throw new Error("market data unavailable");
      },
    });
    const worker = defineWorker<{ topic: string }, string>({ ...boss, uses: () => [failing] });
    const provider = new ScriptedProvider((request) => {
      const tool = request.messages.find((m) => m.role === "tool");
      if (!tool) return callTools([{ name: "market_size", args: { sector: 1 }, id: "x" }, { name: "market_size", args: { sector: "a" }, id: "y" }, { name: "nope", args: {}, id: "z" }]);
      return reply("recovered");
    });
    expect((await run(worker, { topic: "t" }, { provider })).output).toBe("recovered");
    expect(provider.requests[1]!.messages.filter((m) => m.role === "tool")).toEqual([
      { role: "tool", tool_call_id: "x", content: "Error: Invalid input for market_size at boss/market_size: sector: Invalid input: expected string, received number" },
      { role: "tool", tool_call_id: "y", content: "Error: market data unavailable" },
      { role: "tool", tool_call_id: "z", content: 'Error: there is no tool named "nope"; available: market_size' },
    ]);
  });

  it("stops after max_turns with a clear error", async () => {
    const provider = new ScriptedProvider(() => callTools([{ name: "market_size", args: { sector: "anvils" } }]));
    const error = await run(boss, { topic: "anvils" }, { provider }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxTurnsError);
    expect((error as Error).message).toBe("Worker boss at boss used all 4 turns without a final answer (raise max_turns)");
    expect(provider.requests).toHaveLength(4);
  });
});
