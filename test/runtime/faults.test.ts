// Issue #16, the fault suite: a 1,000-item map at 20 % faults of every kind
// (429 with Retry-After, 500, 503, a hang past the timeout, a malformed body, a
// schema-violating answer, a dropped connection) finishes with the exact output
// at the default retries and repair turns; at 100 % faults it gives up within
// the bounded time; budgets never let more requests through than they allow.
// Waits and timeouts are made small through RunOptions so the file stays fast.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BudgetExceededError, ModelError, ModelRequestError, OutputValidationError, run } from "../../runtime/index.ts";
import type { RunOptions } from "../../runtime/index.ts";
import { RetryTimeExceededError } from "../../runtime/errors.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import { costUsd, DEFAULT_PRICES } from "../../runtime/prices.ts";
import { startOpenAIServer, type OpenAIServer } from "../../runtime/testing/openai-server.ts";
import { ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { AttemptCounter, doubleAll, expectedOutput, FAULT_KINDS, httpFaults, items, predict, scriptedFaults } from "./support/faults.ts";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const ns = items(1000);
/** Small waits and timeouts; retries (6) and repair turns (2) stay at their defaults. */
const small: RunOptions = { timeoutMs: 20, retryBaseDelayMs: 1, retryMaxDelayMs: 4 };

// A server per test: requests of an aborted run still on their way cannot reach the next test's count.
const servers: OpenAIServer[] = [];
async function serve(handler: ReturnType<typeof httpFaults>): Promise<OpenAIServer> {
  const server = await startOpenAIServer({ handler });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const openai = (server: OpenAIServer) => new OpenAIProvider({ apiKey: "sk-test-1234567890", baseURL: server.url });

beforeAll(async () => {
  // A first batch of requests over a cold client can take longer than the timeouts below.
  const server = await startOpenAIServer({ handler: httpFaults({ seed: 0, rate: 0 }) });
  await run(doubleAll, { ns: items(64) }, { provider: openai(server) });
  await server.close();
});

describe("a 1,000-item map at 20 % faults of every kind, default retries and repair turns", () => {
  it.each(SEEDS)("seed %i: the exact output, every request as predicted by the fault plan", async (seed) => {
    const plan = { seed, rate: 0.2 };
    const prediction = predict(plan, ns);
    expect(prediction.failedItems).toEqual([]);
    const counter = new AttemptCounter();
    const provider = new ScriptedProvider(scriptedFaults(plan, counter));
    const result = await run(doubleAll, { ns }, { provider, clock: fakeClock(), ...small });
    expect(result.output).toEqual(expectedOutput(ns)); // nothing lost, nothing duplicated, in order
    expect(provider.requests).toHaveLength(prediction.requests); // no request more than the faults call for
    expect(counter.injected).toBe(prediction.faults);
    expect(FAULT_KINDS.filter((kind) => !counter.faults.get(kind))).toEqual([]);
    // Answers: every request but those failed in transport (a schema violation is an answer).
    expect(result.usage.total.calls).toBe(prediction.requests - prediction.faults + (counter.faults.get("schema") ?? 0));
  });

  it("seed 1 over real HTTP: the same output, and at least the predicted requests", async () => {
    const plan = { seed: 1, rate: 0.2 };
    const counter = new AttemptCounter();
    const server = await serve(httpFaults(plan, counter));
    // The server shares this thread: on a loaded machine an answer can take over half a second,
    // and each timeout of an answer the plan let through burns an attempt the plan did not count.
    const result = await run(doubleAll, { ns }, { provider: openai(server), ...small, timeoutMs: 2000 });
    expect(result.output).toEqual(expectedOutput(ns));
    const prediction = predict(plan, ns);
    // More only if a slow answer timed out here and was sent again.
    expect(server.requests.length).toBeGreaterThanOrEqual(prediction.requests);
    expect(FAULT_KINDS.filter((kind) => !counter.faults.get(kind))).toEqual([]);
  });
});

describe("at 100 % faults", () => {
  it("gives up: the first item out of retries or repairs fails the run", async () => {
    const plan = { seed: 3, rate: 1 };
    const provider = new ScriptedProvider(scriptedFaults(plan));
    const error = await run(doubleAll, { ns }, { provider, clock: fakeClock(), ...small }).catch((e: unknown) => e);
    expect(error instanceof ModelRequestError || error instanceof OutputValidationError).toBe(true);
    // At most 32 lanes × 3 turns × 7 attempts.
    expect(provider.requests.length).toBeLessThanOrEqual(32 * 3 * 7);
  });

  it("gives up within the maximum retry time when every answer is a 429 asking for 50 s", async () => {
    const clock = fakeClock();
    const provider = new ScriptedProvider(() => {
      throw new ModelError("Rate limit reached", { status: 429, retryable: true, retryAfterMs: 50_000 });
    });
    const error = await run(doubleAll, { ns }, { provider, clock, retries: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryTimeExceededError);
    // Six waits of 50 s end at 300 s, 5 min after the first failure: a seventh would pass it.
    expect(clock.time).toBe(300_000);
    expect((error as Error).message).toContain("after 7 attempts: gave up: waiting 50 s more would pass the maximum retry time of 5 min per request");
    // The first lane to give up stops the others, each at most 7 attempts in.
    expect(provider.requests.length).toBeLessThanOrEqual(32 * 7);
  });

  it("over real HTTP: gives up quickly with small waits", async () => {
    const server = await serve(httpFaults({ seed: 4, rate: 1 }));
    const error = await run(doubleAll, { ns }, { provider: openai(server), ...small, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error instanceof ModelRequestError || error instanceof OutputValidationError).toBe(true);
    expect(server.requests.length).toBeLessThanOrEqual(32 * 3 * 7);
  });
});

describe("budgets at concurrency 32, with and without faults", () => {
  for (const rate of [0, 0.2]) {
    it.each([1, 10, 31, 32, 100])(`maxCalls %i at ${rate * 100} % faults: exactly that many requests sent`, async (maxCalls) => {
      const provider = new ScriptedProvider(scriptedFaults({ seed: 11, rate }));
      const error = await run(doubleAll, { ns }, { provider, clock: fakeClock(), ...small, budgets: { maxCalls } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect(provider.requests).toHaveLength(maxCalls);
    });
  }

  it("maxCalls 31 at 20 % faults over real HTTP: 31 requests reach the server", async () => {
    const server = await serve(httpFaults({ seed: 12, rate: 0.2 }));
    // A request timed out before the server read it would still be on its way when the run ends: 2 s leaves no such request.
    const error = await run(doubleAll, { ns }, { provider: openai(server), ...small, timeoutMs: 2000, budgets: { maxCalls: 31 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(server.requests).toHaveLength(31);
  });

  it("maxUsd at 20 % faults: the answers billed stay within the budget", async () => {
    const price = DEFAULT_PRICES["gpt-4.1-mini"]!;
    const maxUsd = 0.005;
    const provider = new ScriptedProvider(scriptedFaults({ seed: 13, rate: 0.2 }));
    const error = await run(doubleAll, { ns }, { provider, clock: fakeClock(), ...small, budgets: { maxUsd } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    const billed = (error as BudgetExceededError).totals.calls * costUsd(price, 10, 5);
    expect(billed).toBeLessThanOrEqual(maxUsd);
    expect((error as BudgetExceededError).totals.usd).toBeLessThanOrEqual(maxUsd);
  });
});
