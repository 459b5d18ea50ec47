import { describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineWorker, ModelError, ModelRequestError, run, runFlow, z } from "../../runtime/index.ts";
import type { RunEvent } from "../../runtime/index.ts";
import { backoffDelay } from "../../runtime/retry.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const model = defineModel({ alias: "analyst", id: "gpt-4.1-mini", settings: {} });
const ask = defineWorker<{ q: string }, string>({ name: "ask", input: z.object({ q: z.string() }), output: z.string(), model, instructions: "Answer." });
const flow = defineFlow<{ q: string }, string>({
  name: "main",
  input: z.object({ q: z.string() }),
  output: z.string(),
  body: (ctx, input) => ctx.map([input], {}, (q, ctx) => ctx.call(ask, q)).then((xs) => xs[0]!),
});

const rateLimited = () => new ModelError("Rate limit reached", { status: 429, retryable: true, retryAfterMs: 1234 });

describe("retries", () => {
  it("retries a 429 after its Retry-After, then succeeds", async () => {
    const clock = fakeClock();
    const events: RunEvent[] = [];
    const provider = new ScriptedProvider((_r, _i, index) => {
      if (index === 0) throw rateLimited();
      return reply("fine");
    });
    const result = await run(flow, { q: "?" }, { provider, clock, onEvent: (e) => events.push(e) });
    expect(result.output).toBe("fine");
    expect(provider.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1234]);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      { type: "retry", path: "main/map[0]/ask", model: "gpt-4.1-mini", attempt: 1, retries: 6, delayMs: 1234, status: 429, error: "Rate limit reached" },
    ]);
    expect(result.usage.total.calls).toBe(1);
  });

  it("backs off exponentially with full jitter, and names path, model and status after the last retry", async () => {
    const clock = fakeClock();
    const provider = new ScriptedProvider(() => {
      throw new ModelError("Bad gateway", { status: 502, retryable: true });
    });
    const error = await runFlow(flow, { q: "?" }, { provider, clock, retryBaseDelayMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toBe("Model request failed at main/map[0]/ask (model gpt-4.1-mini, HTTP 502) after 7 attempts: Bad gateway");
    expect(provider.requests).toHaveLength(7);
    expect(clock.sleeps).toEqual([50, 100, 200, 400, 800, 1600]); // random() = 0.5 of 100, 200, 400, ...
  });

  it("caps one backoff sleep", () => {
    const settings = { retries: 10, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect(backoffDelay(10, settings, () => 0.999)).toBe(4995);
    expect(backoffDelay(1, settings, () => 0)).toBe(0);
  });

  it("does not retry a non-retryable error", async () => {
    const provider = new ScriptedProvider(() => {
      throw new ModelError("Invalid schema", { status: 400, retryable: false });
    });
    await expect(run(ask, { q: "?" }, { provider, clock: fakeClock() })).rejects.toThrow(
      "Model request failed at ask (model gpt-4.1-mini, HTTP 400) after 1 attempt: Invalid schema",
    );
    expect(provider.requests).toHaveLength(1);
  });

  it("takes retries from the run and from the worker, the worker winning", async () => {
    const failing = () =>
      new ScriptedProvider(() => {
        throw new ModelError("overloaded", { status: 503, retryable: true });
      });
    const p1 = failing();
    await expect(run(ask, { q: "?" }, { provider: p1, clock: fakeClock(), retries: 1 })).rejects.toThrow("after 2 attempts");
    const p2 = failing();
    const patient = defineWorker({ ...ask, retries: 5 });
    await expect(run(patient, { q: "?" }, { provider: p2, clock: fakeClock(), retries: 1 })).rejects.toThrow("after 6 attempts");
    expect(p2.requests).toHaveLength(6);
  });

  it("times out a request, passes the timeout to the provider, and retries it", async () => {
    let calls = 0;
    const provider = new ScriptedProvider(async (_r, info) => {
      calls++;
      expect(info.timeoutMs).toBe(20);
      if (calls === 1) await new Promise(() => {}); // hangs, ignoring the signal
      return reply("late but fine");
    });
    const result = await run(ask, { q: "?" }, { provider, timeoutMs: 20, retryBaseDelayMs: 1 });
    expect(result.output).toBe("late but fine");
    expect(provider.infos[0]!.signal.aborted).toBe(true);
    expect((provider.infos[0]!.signal.reason as Error).message).toBe("request timed out after 20 ms");
  });

  it("keeps the backoff sleep abortable", async () => {
    const controller = new AbortController();
    const provider = new ScriptedProvider(() => {
      throw new ModelError("slow down", { status: 429, retryable: true, retryAfterMs: 60_000 });
    });
    const started = Date.now();
    const pending = run(ask, { q: "?" }, { provider, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow("Aborted at ask");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(provider.requests).toHaveLength(1);
  });

  it("reports a final timeout with the path", async () => {
    const provider = new ScriptedProvider(() => new Promise(() => {}));
    await expect(run(ask, { q: "?" }, { provider, timeoutMs: 5, retries: 1, retryBaseDelayMs: 1 })).rejects.toThrow(
      "Model request failed at ask (model gpt-4.1-mini, no HTTP status) after 2 attempts: request timed out after 5 ms",
    );
  });
});
