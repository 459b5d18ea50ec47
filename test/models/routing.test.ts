// Per-model providers: the `provider:` prefix of a model id, the routing provider,
// and a run whose two workers go to two servers (OpenAI and Anthropic) through the runtime.
import { afterEach, describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineWorker, run, z } from "../../runtime/index.ts";
import { fakeClock } from "../runtime/support/fake-clock.ts";
import { AnthropicProvider } from "../../runtime/models/anthropic.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import { ModelError } from "../../runtime/models/provider.ts";
import type { CallInfo } from "../../runtime/models/provider.ts";
import { ANTHROPIC, OPENAI, providerOfModel } from "../../runtime/models/registry.ts";
import { redact } from "../../runtime/redact.ts";
import { findPrice } from "../../runtime/prices.ts";
import { ReplayProvider } from "../../runtime/models/replay.ts";
import { createRoutingProvider, RoutingProvider } from "../../runtime/models/routing.ts";
import { startAnthropicServer } from "../../runtime/testing/anthropic-server.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";

const info: CallInfo = { path: "p", worker: "w", signal: new AbortController().signal };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("providerOfModel", () => {
  it("reads only the registry's names as prefixes", () => {
    const cases = ["anthropic:claude-haiku-4-5", "openai:gpt-4.1", "gpt-4.1-mini", "llama3:8b", ":x"].map((id) => {
      const { provider, model } = providerOfModel(id);
      return `${provider.name} ${model}`;
    });
    expect(cases).toEqual(["anthropic claude-haiku-4-5", "openai gpt-4.1", "openai gpt-4.1-mini", "openai llama3:8b", "openai :x"]);
    expect(providerOfModel("anthropic:c").provider).toBe(ANTHROPIC);
    expect(providerOfModel("c").provider).toBe(OPENAI);
  });

  it("prices a prefixed id as the id without its prefix", () => {
    const table = { "gpt-4.1-mini": { input: 0.4, output: 1.6 } };
    expect([findPrice(table, "openai:gpt-4.1-mini"), findPrice(table, "openai:gpt-4.1-mini-2025-04-14"), findPrice(table, "anthropic:gpt-4.1-mini"), findPrice(table, "x:gpt-4.1-mini")]).toEqual([
      table["gpt-4.1-mini"],
      table["gpt-4.1-mini"],
      table["gpt-4.1-mini"],
      undefined,
    ]);
  });
});

describe("redaction", () => {
  it("scrubs ANTHROPIC_API_KEY and the password of ANTHROPIC_BASE_URL", () => {
    const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
    process.env.ANTHROPIC_API_KEY = "anthropic-key-98765";
    process.env.ANTHROPIC_BASE_URL = "http://me:hunter2pw@127.0.0.1:9";
    try {
      expect(redact("key anthropic-key-98765, password hunter2pw")).toBe("key [REDACTED], password [REDACTED]");
    } finally {
      for (const [name, value] of [["ANTHROPIC_API_KEY", saved.key], ["ANTHROPIC_BASE_URL", saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("RoutingProvider", () => {
  it("sends each request, prefix taken off, to its model's provider, built once on first use", async () => {
    const openai = new ScriptedProvider(() => reply("from openai"));
    const anthropic = new ScriptedProvider(() => reply("from anthropic"));
    let builds = 0;
    const routing = new RoutingProvider({ openai: () => (builds++, openai), anthropic: () => (builds++, anthropic) });
    const answers = [];
    for (const model of ["gpt-4.1", "anthropic:claude-haiku-4-5", "openai:gpt-4.1", "anthropic:claude-haiku-4-5"]) {
      answers.push((await routing.complete({ model, messages: [] }, info)).message.content);
    }
    expect(answers).toEqual(["from openai", "from anthropic", "from openai", "from anthropic"]);
    expect([...openai.requests, ...anthropic.requests].map((r) => r.model)).toEqual(["gpt-4.1", "gpt-4.1", "claude-haiku-4-5", "claude-haiku-4-5"]);
    expect(builds).toBe(2);
  });

  it("decodes OpenAI strict values only for OpenAI models", async () => {
    const env = { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "sk-ant-test", OPENAI_BASE_URL: "http://127.0.0.1:9/v1", ANTHROPIC_BASE_URL: "http://127.0.0.1:9" };
    const routing = createRoutingProvider({ env });
    await Promise.all(["gpt-4.1", "anthropic:claude-haiku-4-5"].map((model) => routing.complete({ model, messages: [] }, info).catch(() => undefined)));
    const schema = { type: "object", properties: { note: { type: "string" } }, required: [] };
    expect(routing.decodeValue({ note: null }, schema, "gpt-4.1")).toEqual({});
    expect(routing.decodeValue({ note: null }, schema, "anthropic:claude-haiku-4-5")).toEqual({ note: null });
    const replay = new ReplayProvider({ recording: { entries: [] } });
    expect(replay.decodeValue({ note: null }, schema, "gpt-4.1")).toEqual({});
    expect(replay.decodeValue({ note: null }, schema, "anthropic:claude-haiku-4-5")).toEqual({ note: null });
  });

  it("fails a request of a provider without credentials with that provider's message", async () => {
    const routing = createRoutingProvider({ env: { OPENAI_API_KEY: "sk-test" } });
    const error = await routing.complete({ model: "anthropic:claude-haiku-4-5", messages: [] }, info).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toBe(
      "No Anthropic credentials: export ANTHROPIC_API_KEY=sk-ant-... to use Anthropic, or ANTHROPIC_BASE_URL for an Anthropic-compatible server.",
    );
  });
});

describe("a run on two providers", () => {
  it("sends each worker to its model's server, retrying Anthropic's 529 after its retry-after", async () => {
    const openaiServer = await startOpenAIServer({ handler: () => ({ content: '{"result":3}', usage: { prompt_tokens: 7, completion_tokens: 2 } }) });
    const anthropicServer = await startAnthropicServer((_body, index) =>
      index === 0 ? { status: 529, retryAfter: "3" } : { content: [{ type: "text", text: "three" }], usage: { input_tokens: 5, output_tokens: 1, cache_read_input_tokens: 4 } },
    );
    closers.push(openaiServer.close, anthropicServer.close);
    const routing = new RoutingProvider({
      openai: () => new OpenAIProvider({ apiKey: "sk-test", baseURL: openaiServer.url }),
      anthropic: () => new AnthropicProvider({ apiKey: "sk-ant-test", baseURL: anthropicServer.url }),
    });
    const count = defineWorker<{ q: string }, number>({
      name: "count",
      input: z.object({ q: z.string() }),
      output: z.number(),
      model: defineModel({ alias: "counter", id: "gpt-4.1-mini", settings: {} }),
      instructions: "Count.",
    });
    const spell = defineWorker<{ n: number }, string>({
      name: "spell",
      input: z.object({ n: z.number() }),
      output: z.string(),
      model: defineModel({ alias: "speller", id: "anthropic:claude-haiku-4-5", settings: { max_tokens: 64 } }),
      instructions: "Spell it.",
    });
    const flow = defineFlow<{ q: string }, string>({
      name: "main",
      input: z.object({ q: z.string() }),
      output: z.string(),
      body: async (ctx, input) => ctx.call(spell, { n: await ctx.call(count, input) }),
    });
    const clock = fakeClock();
    const result = await run(flow, { q: "a b c" }, { provider: routing, clock });
    expect(result.output).toBe("three");
    expect(clock.sleeps).toEqual([3000]);
    expect(anthropicServer.requests.map((r) => [r.body.model, r.body.max_tokens, r.body.system])).toEqual([
      ["claude-haiku-4-5", 64, "Spell it."],
      ["claude-haiku-4-5", 64, "Spell it."],
    ]);
    expect(openaiServer.requests.map((r) => r.body.model)).toEqual(["gpt-4.1-mini"]);
    expect({ calls: result.usage.total.calls, in: result.usage.total.promptTokens, out: result.usage.total.completionTokens }).toEqual({ calls: 2, in: 16, out: 3 });
  });
});
