// Issue #16 row 5: budgets that hold. Every request sent counts; calls and
// dollars are reserved before a request leaves, so requests in flight cannot
// take a run over its budget; small budgets with wide maps run exactly N calls.
import { afterEach, describe, expect, it } from "vitest";
import { BudgetExceededError, ConfigError, defineFlow, defineModel, defineWorker, ModelError, run, z } from "../../runtime/index.ts";
import type { ChatRequest, ModelPrice } from "../../runtime/index.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import { costUsd, DEFAULT_PRICES } from "../../runtime/prices.ts";
import { worstCase } from "../../runtime/request-cost.ts";
import { startOpenAIServer, type OpenAIServer } from "../../runtime/testing/openai-server.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";
import { fakeClock } from "./support/fake-clock.ts";

/** gpt-4.1-mini with answers of at most 100 tokens: a worst case of about $0.0003 per request. */
const mini = defineModel({ alias: "mini", id: "gpt-4.1-mini", settings: { max_tokens: 100 } });
const local = defineModel({ alias: "local", id: "llama-3-8b", settings: {} });

const echo = (model = mini) =>
  defineWorker<{ n: number }, string>({ name: "echo", input: z.object({ n: z.number() }), output: z.string(), model, instructions: "Echo the number." });

const fan = (worker = echo(), concurrency = 32) =>
  defineFlow<{ ns: number[] }, string[]>({
    name: "fan",
    input: z.object({ ns: z.array(z.number()) }),
    output: z.array(z.string()),
    body: (ctx, { ns }) => ctx.map(ns, { concurrency }, (n, ctx) => ctx.call(worker, { n })),
  });

const numbers = (count: number) => Array.from({ length: count }, (_, i) => i);
const itemOf = (request: ChatRequest) => JSON.parse(request.messages[1]!.content as string).n as number;
const price = DEFAULT_PRICES["gpt-4.1-mini"]!;

describe("maxCalls", () => {
  it("counts every request sent, failed and retried ones too", async () => {
    const attempts = new Map<number, number>();
    const provider = new ScriptedProvider((request) => {
      const n = itemOf(request);
      const attempt = (attempts.get(n) ?? 0) + 1;
      attempts.set(n, attempt);
      if (attempt < 3) throw new ModelError("Internal server error", { status: 500, retryable: true });
      return reply(`r${n}`);
    });
    const error = await run(fan(echo(), 1), { ns: numbers(20) }, { provider, clock: fakeClock(), budgets: { maxCalls: 10 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(provider.requests).toHaveLength(10);
    expect((error as BudgetExceededError).totals).toEqual({ requests: 10, calls: 3, tokens: 45, usd: costUsd(price, 30, 15) });
  });
});

describe("small budgets with wide maps, over HTTP", () => {
  const servers: OpenAIServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("run exactly N calls when N is at most the map's concurrency, none of them aborted", async () => {
    const server = await startOpenAIServer({ handler: (body) => ({ content: `r${JSON.parse(body.messages[1].content).n}` }), latencyMs: 20 });
    servers.push(server);
    for (const n of [1, 10, 31, 32]) {
      server.reset();
      const provider = new OpenAIProvider({ apiKey: "sk-test-1234567890", baseURL: server.url });
      const error = await run(fan(), { ns: numbers(100) }, { provider, budgets: { maxCalls: n } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect({ n, sent: server.requests.length, answered: server.answered.length, counted: (error as BudgetExceededError).totals.requests }).toEqual({
        n,
        sent: n,
        answered: n,
        counted: n,
      });
    }
  });
});

describe("maxUsd", () => {
  it("holds with 32 requests in flight: what was sent costs at most the budget", async () => {
    // Honest usage: a prompt token per 4 bytes of the request, 60 of the 100 answer tokens.
    const usage = (request: ChatRequest) => ({ prompt_tokens: Math.ceil(JSON.stringify(request).length / 4), completion_tokens: 60 });
    const provider = new ScriptedProvider((request) => reply(`r${itemOf(request)}`, usage(request)), { delayMs: 5 });
    const maxUsd = 0.002;
    const error = await run(fan(), { ns: numbers(100) }, { provider, budgets: { maxUsd } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    const spent = provider.requests.reduce((sum, request) => sum + costUsd(price, usage(request).prompt_tokens, 60), 0);
    expect(spent).toBeLessThanOrEqual(maxUsd);
    // No more in flight than worst cases fit in the budget; more sent as answers come back cheaper.
    const worst = worstCase(provider.requests[0]!, price).usd!;
    expect(provider.maxInFlight).toBe(Math.floor(maxUsd / worst));
    expect(provider.requests.length).toBeGreaterThan(provider.maxInFlight);
  });

  it("a request that does not fit waits for the requests in flight, then goes", async () => {
    const probe = new ScriptedProvider(() => reply("x"));
    await run(echo(), { n: 1 }, { provider: probe });
    const worst = worstCase(probe.requests[0]!, price).usd!;
    const provider = new ScriptedProvider((request) => reply(`r${itemOf(request)}`, { prompt_tokens: 1, completion_tokens: 1 }), { delayMs: 5 });
    const output = await run(fan(), { ns: numbers(6) }, { provider, budgets: { maxUsd: 2.5 * worst } });
    expect(output.output).toEqual(numbers(6).map((n) => `r${n}`));
    expect(provider.maxInFlight).toBe(2);
  });

  it("keeps the worst case of a request that timed out; one refused with an HTTP status costs nothing", async () => {
    const probe = new ScriptedProvider(() => reply("x"));
    await run(echo(), { n: 1 }, { provider: probe });
    const worst = worstCase(probe.requests[0]!, price);
    const hangs = new ScriptedProvider(() => new Promise<never>(() => {}));
    const error = await run(echo(), { n: 1 }, { provider: hangs, timeoutMs: 5, retryBaseDelayMs: 1, budgets: { maxUsd: 2.5 * worst.usd! } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(hangs.requests).toHaveLength(2);
    expect((error as BudgetExceededError).totals).toEqual({ requests: 2, calls: 0, tokens: 2 * worst.tokens, usd: 2 * worst.usd! });

    const refused = new ScriptedProvider((_r, _i, index) => {
      if (index < 4) throw new ModelError("Service unavailable", { status: 503, retryable: true });
      return reply("fine");
    });
    const result = await run(echo(), { n: 1 }, { provider: refused, clock: fakeClock(), budgets: { maxUsd: 1.5 * worst.usd! } });
    expect(result.output).toBe("fine");
    expect(refused.requests).toHaveLength(5);
  });

  it("with a model that has no price is an error before its first request", async () => {
    const provider = new ScriptedProvider(() => reply("x"));
    const error = await run(fan(echo(local)), { ns: numbers(3) }, { provider, budgets: { maxUsd: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      "budgets.maxUsd needs the price of model llama-3-8b, which flowc does not know, so the budget could not hold: " +
        'give it in RunOptions.prices as { "llama-3-8b": { input, output } } in USD per 1M tokens (flowc run: --price llama-3-8b=IN/OUT)',
    );
    expect(provider.requests).toHaveLength(0);
  });

  it("takes the price, and the model's largest answer, from RunOptions.prices", async () => {
    const provider = new ScriptedProvider(() => reply("x", { prompt_tokens: 10, completion_tokens: 10 }));
    const localPrice: ModelPrice = { input: 1, output: 1, maxOutputTokens: 1000 };
    const result = await run(fan(echo(local)), { ns: numbers(3) }, { provider, prices: { "llama-3-8b": localPrice }, budgets: { maxUsd: 0.01 } });
    expect(result.usage.total.usd).toBeCloseTo(0.00006, 10);
    // 1000 answer tokens at $1 per 1M: a worst case near $0.0012, so the three fit at once.
    expect(provider.maxInFlight).toBe(3);
  });
});

describe("maxTokens", () => {
  it("holds each request's worst case too", async () => {
    const probe = new ScriptedProvider(() => reply("x"));
    await run(echo(), { n: 1 }, { provider: probe });
    const worst = worstCase(probe.requests[0]!, price).tokens;
    const provider = new ScriptedProvider(() => reply("x", { prompt_tokens: 5, completion_tokens: 5 }), { delayMs: 5 });
    await run(fan(), { ns: numbers(9) }, { provider, budgets: { maxTokens: 3 * worst + 10 } });
    expect(provider.maxInFlight).toBe(3);
  });
});
