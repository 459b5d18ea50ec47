// The trimmed call layering keeps the behaviour of the layers it folds away:
// dispatch still rejects rather than throws, the root input is parsed once,
// map items close their scope before the map goes on, a worker frame ends (and
// is traced) in the worker loop, the first model attempt is booked like a retry,
// the relay signal the openai SDK gets behaves like an AbortSignal, and usage
// lands in the right buckets with the tracker's last-target cache.
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineTool, defineWorker, InputError, memoryTraceSink, ModelError, run, runFlow, z } from "../../runtime/index.ts";
import type { ToolImplementation } from "../../runtime/index.ts";
import { acquireRelay, releaseRelay } from "../../runtime/models/abort-relay.ts";
import { UsageTracker } from "../../runtime/usage.ts";
import { replyJson, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
const Reply = z.object({ value: z.number() });
const echo = defineWorker<{ n: number }, { value: number }>({ name: "echo", input: z.object({ n: z.number() }), output: Reply, model, instructions: "Echo." });
const echoProvider = () => new ScriptedProvider((request) => replyJson({ value: JSON.parse(request.messages[1]!.content as string).n }));

describe("dispatch", () => {
  it("rejects (never throws) when the call cannot start", async () => {
    let returned: Promise<unknown> | undefined;
    const flow = defineFlow<{ n: number }, string>({
      name: "f",
      input: z.object({ n: z.number() }),
      output: z.string(),
      async body(ctx) {
        returned = ctx.call(echo, { n: "not a number" } as unknown as { n: number });
        const error = await returned.catch((e: unknown) => e);
        return (error as Error).constructor.name;
      },
    });
    expect(await runFlow(flow, { n: 1 }, { provider: echoProvider() })).toBe("InputError");
    expect(returned).toBeInstanceOf(Promise);
  });

  it("parses the root input once", async () => {
    let parses = 0;
    const input = z.object({ xs: z.array(z.number()) }).refine(() => ++parses > 0);
    const flow = defineFlow<{ xs: number[] }, number>({ name: "f", input, output: z.number(), body: async (_ctx, { xs }) => xs.length });
    expect(await runFlow(flow, { xs: [1, 2, 3] })).toBe(3);
    expect(parses).toBe(1);
    await expect(runFlow(flow, { xs: ["x"] } as unknown as { xs: number[] })).rejects.toBeInstanceOf(InputError);
  });

  it("ends a worker's frame in the worker loop: end and error lines as before", async () => {
    const sink = memoryTraceSink();
    const flow = defineFlow<{ ns: number[] }, number[]>({
      name: "f",
      input: z.object({ ns: z.array(z.number()) }),
      output: z.array(z.number()),
      body: (ctx, { ns }) => ctx.map(ns, {}, async (n, ctx) => (await ctx.call(echo, { n })).value),
    });
    const provider = new ScriptedProvider((request) => {
      const n = JSON.parse(request.messages[1]!.content as string).n;
      return n === 2 ? replyJson({ wrong: true }) : replyJson({ value: n });
    });
    await expect(run(flow, { ns: [1, 2] }, { provider, trace: sink })).rejects.toThrow("returned invalid output 3 times");
    const lines = sink.events().filter((e) => e.type === "end" || e.type === "error");
    expect(lines.map((e) => `${e.type} ${(e as { path: string }).path}`)).toEqual(["end f/map[0]/echo", "error f/map[1]/echo", "error f"]);
    const end = lines[0] as { output: unknown; usage: { calls: number }; durationMs: number };
    expect(end.output).toEqual({ value: 1 });
    expect(end.usage.calls).toBe(1);
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("map items", () => {
  it("close their scope (disposing tool instances) before a failure aborts their siblings", async () => {
    const log: string[] = [];
    let made = 0;
    const implementation: ToolImplementation<{ n: number }, number> = {
      create() {
        const id = ++made;
        return {
          call: ({ n }) => {
            if (n === 1) throw new Error("boom");
            return new Promise<number>(() => {});
          },
          dispose: () => void log.push(`dispose ${id}`),
        };
      },
    };
    const tool = defineTool<{ n: number }, number>({ name: "t", input: z.object({ n: z.number() }), output: z.number(), implementation });
    const flow = defineFlow<{ ns: number[] }, number[]>({
      name: "f",
      input: z.object({ ns: z.array(z.number()) }),
      output: z.array(z.number()),
      body: (ctx, { ns }) =>
        ctx.map(ns, {}, async (n, ctx) => {
          try {
            return await ctx.call(tool, { n });
          } finally {
            log.push(`item ${n} settled, aborted: ${ctx.signal.aborted}`);
          }
        }),
    });
    await expect(runFlow(flow, { ns: [0, 1] })).rejects.toThrow("boom");
    // Item 1 fails; its instance is disposed before the map aborts item 0.
    expect(log).toEqual(["item 1 settled, aborted: false", "dispose 2", "item 0 settled, aborted: true", "dispose 1"]);
  });
});

describe("model requests", () => {
  it("book a response of the first attempt and of a retry alike", async () => {
    let calls = 0;
    const provider = new ScriptedProvider(() => {
      calls++;
      if (calls === 1) throw new ModelError("busy", { status: 503, retryable: true });
      return replyJson({ value: 7 });
    });
    const result = await run(echo, { n: 7 }, { provider, retries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 1 });
    expect(result.output).toEqual({ value: 7 });
    expect(result.usage.total.calls).toBe(1);
  });
});

describe("relay signals", () => {
  it("abort like an AbortSignal: reason first, then each listener once", () => {
    const outer = new AbortController();
    const relay = acquireRelay(outer.signal);
    const signal = relay.signal;
    const seen: string[] = [];
    const removed = () => seen.push("removed");
    signal.addEventListener("abort", () => seen.push(`first ${signal.aborted} ${String(signal.reason)}`));
    signal.addEventListener("abort", { handleEvent: (event) => seen.push(`second ${event.type}`) });
    signal.addEventListener("abort", removed);
    signal.removeEventListener("abort", removed);
    expect(signal.aborted).toBe(false);
    expect(() => signal.throwIfAborted()).not.toThrow();
    outer.abort("stop");
    outer.abort("again");
    expect(seen).toEqual(["first true stop", "second abort"]);
    expect(() => signal.throwIfAborted()).toThrow("stop");
    releaseRelay(relay);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);
  });

  it("made for a signal that has already aborted start aborted", () => {
    const outer = new AbortController();
    outer.abort(new Error("gone"));
    const relay = acquireRelay(outer.signal);
    expect(relay.signal.aborted).toBe(true);
    expect((relay.signal.reason as Error).message).toBe("gone");
    releaseRelay(relay);
  });
});

describe("usage records", () => {
  it("land in the right buckets when workers, models and depths alternate", () => {
    const tracker = new UsageTracker({ "gpt-4.1-mini": { input: 1, output: 2 } });
    const records = [
      { worker: "a", model: "gpt-4.1-mini", depth: 1 },
      { worker: "a", model: "gpt-4.1-mini", depth: 1 },
      { worker: "b", model: "other", depth: 1 },
      { worker: "a", model: "gpt-4.1-mini", depth: 2 },
      { worker: "a", model: "gpt-4.1-mini", depth: 1 },
    ];
    for (const r of records) tracker.record({ ...r, promptTokens: 1_000_000, completionTokens: 0 });
    const report = tracker.report();
    expect(report.total).toMatchObject({ calls: 5, usd: 4 });
    expect(report.byWorker.a).toMatchObject({ calls: 4, usd: 4 });
    expect(report.byWorker.b).toMatchObject({ calls: 1, usd: null });
    expect(report.byModel.other).toMatchObject({ calls: 1, usd: null });
    expect(report.byDepth["1"]).toMatchObject({ calls: 4, usd: 3 });
    expect(report.byDepth["2"]).toMatchObject({ calls: 1, usd: 1 });
    expect(report.unpricedModels).toEqual(["other"]);
  });
});
