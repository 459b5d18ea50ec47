// Issue #16 row 1: a run never sleeps longer than its maximum retry wait. A
// Retry-After beyond it fails the request at once, saying so; HTTP dates are
// parsed and clamped; one request's retries are bounded in time.
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, defineModel, defineWorker, memoryTraceSink, ModelError, run, z } from "../../runtime/index.ts";
import type { RunEvent } from "../../runtime/index.ts";
import { RetryTimeExceededError, RetryWaitTooLongError } from "../../runtime/errors.ts";
import { OpenAIProvider, parseRetryAfter } from "../../runtime/models/openai.ts";
import { startOpenAIServer, type OpenAIServer, type ScriptHandler } from "../../runtime/testing/openai-server.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";
import { fakeClock } from "./support/fake-clock.ts";

const model = defineModel({ alias: "analyst", id: "gpt-4.1-mini", settings: {} });
const ask = defineWorker<{ q: string }, string>({ name: "ask", input: z.object({ q: z.string() }), output: z.string(), model, instructions: "Answer." });

const rateLimited = (retryAfterMs: number) => new ModelError("Rate limit reached", { status: 429, retryable: true, retryAfterMs });

describe("a Retry-After over the maximum retry wait", () => {
  it("fails the request at once, naming the wait asked, the maximum and how to raise it", async () => {
    const clock = fakeClock();
    const provider = new ScriptedProvider(() => {
      throw rateLimited(3_600_000);
    });
    const error = await run(ask, { q: "?" }, { provider, clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryWaitTooLongError);
    expect((error as Error).message).toBe(
      "Model request failed at ask (model gpt-4.1-mini, HTTP 429) after 1 attempt: the server asked to wait 60 min before retrying (Retry-After), " +
        "more than the maximum retry wait of 60 s; to wait that long, raise RunOptions.maxRetryWaitMs (flowc run: --max-retry-wait SECONDS)",
    );
    expect((error as RetryWaitTooLongError).waitMs).toBe(3_600_000);
    expect(provider.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("a day is refused too, and is waited once the maximum allows it", async () => {
    const day = 86_400_000;
    const refused = await run(ask, { q: "?" }, { provider: new ScriptedProvider(() => Promise.reject(rateLimited(day))), clock: fakeClock() }).catch((e: Error) => e);
    expect((refused as Error).message).toContain("the server asked to wait 24 h before retrying (Retry-After), more than the maximum retry wait of 60 s");

    const clock = fakeClock();
    const provider = new ScriptedProvider((_r, _i, index) => (index === 0 ? Promise.reject(rateLimited(day)) : reply("later")));
    const result = await run(ask, { q: "?" }, { provider, clock, maxRetryWaitMs: day, maxRetryTimeMs: day });
    expect(result.output).toBe("later");
    expect(clock.sleeps).toEqual([day]);
  });

  it("caps the run's own backoff at the maximum wait", async () => {
    const clock = fakeClock();
    const provider = new ScriptedProvider((_r, _i, index) => (index < 3 ? Promise.reject(new ModelError("busy", { status: 503, retryable: true })) : reply("ok")));
    await run(ask, { q: "?" }, { provider, clock, retryBaseDelayMs: 10_000, retryMaxDelayMs: 100_000, maxRetryWaitMs: 7_000 });
    expect(clock.sleeps).toEqual([5_000, 7_000, 7_000]); // random() = 0.5 of 10 s, 20 s, 40 s, each capped at 7 s
  });

  it("refuses a maximum wait that Node's timers cannot sleep", async () => {
    const error = await run(ask, { q: "?" }, { maxRetryWaitMs: 2 ** 31 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe("maxRetryWaitMs must be a number of milliseconds in [0, 2147483647], got 2147483648");
  });
});

describe("the retry time of one request", () => {
  it("is bounded: a retry that would end past maxRetryTimeMs is not made", async () => {
    const clock = fakeClock();
    const provider = new ScriptedProvider(() => Promise.reject(rateLimited(40_000)));
    const error = await run(ask, { q: "?" }, { provider, clock, retries: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryTimeExceededError);
    // Failures at 0, 40 s, ..., 280 s: the next 40 s would end at 320 s, past the default 5 min.
    expect(clock.sleeps).toEqual(Array.from({ length: 7 }, () => 40_000));
    expect(provider.requests).toHaveLength(8);
    expect((error as Error).message).toBe(
      "Model request failed at ask (model gpt-4.1-mini, HTTP 429) after 8 attempts: gave up: waiting 40 s more would pass the maximum retry time of 5 min per request " +
        "(raise RunOptions.maxRetryTimeMs; flowc run: --max-retry-time SECONDS); the last attempt failed with: Rate limit reached",
    );
  });
});

describe("retries in the trace", () => {
  it("each retry is a trace line and an event", async () => {
    const sink = memoryTraceSink();
    const events: RunEvent[] = [];
    const provider = new ScriptedProvider((_r, _i, index) => (index === 0 ? Promise.reject(rateLimited(250)) : reply("fine")));
    await run(ask, { q: "?" }, { provider, clock: fakeClock(), trace: sink, onEvent: (e) => events.push(e) });
    const retry = { path: "ask", model: "gpt-4.1-mini", attempt: 1, retries: 6, delayMs: 250, status: 429, error: "Rate limit reached" };
    expect(sink.events().filter((e) => e.type === "retry")).toEqual([{ type: "retry", t: 0, ...retry }]);
    expect(events.filter((e) => e.type === "retry")).toEqual([{ type: "retry", ...retry }]);
  });
});

describe("Retry-After headers", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("parse HTTP dates, and clamp past dates to 0 and absurd values to a finite number", () => {
    expect(parseRetryAfter(headers({ "retry-after": "Thu, 01 Jan 2099 00:00:00 GMT" }), now)).toBe(Date.parse("2099-01-01T00:00:00Z") - now);
    expect(parseRetryAfter(headers({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(headers({ "retry-after": "1e400" }))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseRetryAfter(headers({ "retry-after-ms": "Infinity" }))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseRetryAfter(headers({ "retry-after-ms": "-5", "retry-after": "3" }))).toBe(3000);
    expect(parseRetryAfter(headers({ "retry-after": "-1" }))).toBeUndefined();
  });
});

describe("over HTTP", () => {
  const servers: OpenAIServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function serve(handler: ScriptHandler): Promise<OpenAIServer> {
    const server = await startOpenAIServer({ handler });
    servers.push(server);
    return server;
  }

  it("Retry-After: 3600 fails at once instead of sleeping an hour", async () => {
    const server = await serve(() => ({ status: 429, retryAfter: 3600 }));
    const error = await run(ask, { q: "?" }, { provider: new OpenAIProvider({ apiKey: "sk-test-1234567890", baseURL: server.url }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryWaitTooLongError);
    expect((error as Error).message).toMatch(/^Model request failed at ask \(model gpt-4\.1-mini, HTTP 429\) after 1 attempt: the server asked to wait 60 min before retrying/);
    expect(server.requests).toHaveLength(1);
  });

  it("a Retry-After date in 2099 fails at once instead of overflowing the timer and retrying 1 ms apart", async () => {
    const server = await serve(() => ({ status: 429, retryAfter: "Thu, 01 Jan 2099 00:00:00 GMT" }));
    const error = await run(ask, { q: "?" }, { provider: new OpenAIProvider({ apiKey: "sk-test-1234567890", baseURL: server.url }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryWaitTooLongError);
    expect((error as RetryWaitTooLongError).waitMs).toBeGreaterThan(2 ** 31);
    expect((error as Error).message).toMatch(/the server asked to wait [\d,]+ days before retrying \(Retry-After\), more than the maximum retry wait of 60 s/);
    expect(server.requests).toHaveLength(1);
  });
});
