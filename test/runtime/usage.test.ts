import { describe, expect, it } from "vitest";
import { BudgetExceededError, defineFlow, defineModel, defineWorker, run, z } from "../../runtime/index.ts";
import type { ChatRequest } from "../../runtime/index.ts";
import { callTools, reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const mini = defineModel({ alias: "analyst", id: "gpt-4.1-mini", settings: {} });
const local = defineModel({ alias: "local", id: "llama-3-8b", settings: {} });

const helper = defineWorker<{ q: string }, string>({ name: "helper", input: z.object({ q: z.string() }), output: z.string(), model: local, instructions: "Help." });
const lead = defineWorker<{ q: string }, string>({
  name: "lead",
  input: z.object({ q: z.string() }),
  output: z.string(),
  model: mini,
  instructions: "Lead.",
  uses: () => [helper],
});
const flow = defineFlow<{ qs: string[] }, string[]>({
  name: "team",
  input: z.object({ qs: z.array(z.string()) }),
  output: z.array(z.string()),
  body: (ctx, { qs }) => ctx.map(qs, {}, (q, ctx) => ctx.call(lead, { q })),
});

// lead: 1000 + 100 tokens per turn (2 turns); helper: 200 + 50.
function teamProvider(options: { delayMs?: number } = {}) {
  return new ScriptedProvider(
    (request: ChatRequest, info) => {
      if (info.worker === "helper") return reply("h", { prompt_tokens: 200, completion_tokens: 50 });
      const done = request.messages.some((m) => m.role === "tool");
      return done ? reply("answer", { prompt_tokens: 1000, completion_tokens: 100 }) : callTools([{ name: "helper", args: { q: "?" } }], { prompt_tokens: 1000, completion_tokens: 100 });
    },
    { delayMs: options.delayMs ?? 0 },
  );
}

describe("usage", () => {
  it("rolls tokens up per worker, model, depth and in total, with USD where priced", async () => {
    const { usage } = await run(flow, { qs: ["a", "b"] }, { provider: teamProvider() });
    const leadUsd = (4000 * 0.4 + 400 * 1.6) / 1_000_000;
    expect(usage.total).toEqual({ calls: 6, promptTokens: 4400, completionTokens: 500, totalTokens: 4900, usd: leadUsd });
    expect(usage.byWorker).toEqual({
      helper: { calls: 2, promptTokens: 400, completionTokens: 100, totalTokens: 500, usd: null },
      lead: { calls: 4, promptTokens: 4000, completionTokens: 400, totalTokens: 4400, usd: leadUsd },
    });
    expect(usage.byModel).toEqual({
      "gpt-4.1-mini": { calls: 4, promptTokens: 4000, completionTokens: 400, totalTokens: 4400, usd: leadUsd },
      "llama-3-8b": { calls: 2, promptTokens: 400, completionTokens: 100, totalTokens: 500, usd: null },
    });
    expect(usage.byDepth).toEqual({
      "1": { calls: 4, promptTokens: 4000, completionTokens: 400, totalTokens: 4400, usd: leadUsd },
      "2": { calls: 2, promptTokens: 400, completionTokens: 100, totalTokens: 500, usd: null },
    });
    expect(usage.unpricedModels).toEqual(["llama-3-8b"]);
  });

  it("takes prices from RunOptions over the built-in table, and dated snapshots by their base id", async () => {
    const dated = defineModel({ alias: "d", id: "gpt-4o-2024-08-06", settings: {} });
    const w = defineWorker({ ...helper, model: dated });
    const provider = new ScriptedProvider(() => reply("x", { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 }));
    expect((await run(w, { q: "?" }, { provider })).usage.total.usd).toBe(12.5);
    const priced = await run(helper, { q: "?" }, { provider, prices: { "llama-3-8b": { input: 1, output: 2 } } });
    expect(priced.usage.total.usd).toBe(3);
    expect(priced.usage.unpricedModels).toEqual([]);
  });
});

describe("budgets", () => {
  it("stops at maxCalls before sending the request over the budget", async () => {
    const provider = teamProvider();
    const error = await run(flow, { qs: ["a", "b"] }, { provider, concurrency: 1, budgets: { maxCalls: 4 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as Error).message).toBe(
      "Budget exceeded: maxCalls 4 (4 requests sent, failed and retried ones included); the next request was not sent and the run was stopped",
    );
    expect((error as BudgetExceededError).totals).toEqual({ requests: 4, calls: 4, tokens: 3550, usd: expect.closeTo((3000 * 0.4 + 300 * 1.6) / 1_000_000, 12) });
    expect(provider.requests).toHaveLength(4);
  });

  it("does not send a request whose worst case would pass maxTokens", async () => {
    const provider = teamProvider();
    const error = await run(flow, { qs: ["a"] }, { provider, budgets: { maxTokens: 100 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).budget).toBe("maxTokens");
    // The prompt's bytes plus gpt-4.1-mini's largest answer (32,768 tokens).
    expect((error as Error).message).toMatch(
      /^Budget exceeded: maxTokens 100 \(0 tokens used or held by requests in flight\); the next request could use up to 33\d{3} tokens, so it was not sent and the run was stopped$/,
    );
    expect(provider.requests).toHaveLength(0);
  });

  it("does not send a request whose worst case would pass maxUsd", async () => {
    const provider = teamProvider();
    const error = await run(flow, { qs: ["a"] }, { provider, budgets: { maxUsd: 0.0001 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as Error).message).toMatch(
      /^Budget exceeded: maxUsd 0\.0001 \(\$0\.0000 spent or held by requests in flight\); the next request could cost up to \$0\.05\d{2} \(33\d{3} tokens\), so it was not sent and the run was stopped$/,
    );
    expect(provider.requests).toHaveLength(0);
  });
});
