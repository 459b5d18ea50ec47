import { describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineTool, defineWorker, EmptyReduceError, runFlow, z } from "../../runtime/index.ts";
import type { RunEvent } from "../../runtime/index.ts";
import { reduceCallCount } from "../../runtime/scheduler.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { reply, ScriptedProvider, tick } from "../../runtime/testing/scripted-provider.ts";

const fast = defineModel({ alias: "fast", id: "gpt-4.1-nano", settings: {} });
const slow = defineModel({ alias: "slow", id: "gpt-4.1", settings: {} });

function echo(name: string, model = fast) {
  return defineWorker<{ n: number }, string>({
    name,
    input: z.object({ n: z.number() }),
    output: z.string(),
    model,
    instructions: "Echo.",
  });
}

function mapFlow(worker: ReturnType<typeof echo>, concurrency?: number) {
  return defineFlow<{ ns: number[] }, string[]>({
    name: "fan",
    input: z.object({ ns: z.array(z.number()) }),
    output: z.array(z.string()),
    body: (ctx, { ns }) => ctx.map(ns, concurrency === undefined ? {} : { concurrency }, (n, ctx) => ctx.call(worker, { n })),
  });
}

const echoInput = (request: { messages: readonly { content: string | null }[] }) => JSON.parse(request.messages[1]!.content!).n as number;

describe("map", () => {
  it("keeps concurrency at the limit and the results in order under random latency", async () => {
    const provider = new ScriptedProvider((request) => reply(`r${echoInput(request)}`), { delayMs: () => Math.random() * 15 });
    const ns = Array.from({ length: 30 }, (_, i) => i);
    const out = await runFlow(mapFlow(echo("e"), 4), { ns }, { provider });
    expect(out).toEqual(ns.map((n) => `r${n}`));
    expect(provider.maxInFlight).toBe(4);
  });

  it("defaults to RunOptions.concurrency, then 8", async () => {
    const provider = new ScriptedProvider(() => reply("x"), { delayMs: 5 });
    await runFlow(mapFlow(echo("e")), { ns: Array.from({ length: 20 }, (_, i) => i) }, { provider, concurrency: 3 });
    expect(provider.maxInFlight).toBe(3);
    const provider8 = new ScriptedProvider(() => reply("x"), { delayMs: 5 });
    await runFlow(mapFlow(echo("e")), { ns: Array.from({ length: 20 }, (_, i) => i) }, { provider: provider8 });
    expect(provider8.maxInFlight).toBe(8);
  });

  it("fails fast: the first error aborts siblings in flight and is the map's error", async () => {
    const signals: AbortSignal[] = [];
    const started: number[] = [];
    const wait = defineTool<{ n: number }, number>({
      name: "wait",
      input: z.object({ n: z.number() }),
      output: z.number(),
      implementation: async ({ n }, ctx) => {
        started.push(n);
        signals.push(ctx.signal);
        if (n === 2) {
          await tick(5);
          throw new Error("item 2 broke");
        }
        await new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
        return n;
      },
    });
    const flow = defineFlow<{ ns: number[] }, number[]>({
      name: "fan",
      input: z.object({ ns: z.array(z.number()) }),
      output: z.array(z.number()),
      body: (ctx, { ns }) => ctx.map(ns, { concurrency: 4 }, (n, ctx) => ctx.call(wait, { n })),
    });
    const events: RunEvent[] = [];
    await expect(runFlow(flow, { ns: [0, 1, 2, 3, 4, 5, 6] }, { onEvent: (e) => events.push(e) })).rejects.toThrow("item 2 broke");
    expect(started).toEqual([0, 1, 2, 3]); // nothing new started after the failure
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(events.at(-2)).toEqual({ type: "map-end", path: "fan/map" });
    expect(events[0]).toEqual({ type: "map-start", path: "fan/map", total: 7 });
  });

  it("aborts sibling model requests (their provider signals) on failure", async () => {
    const provider = new ScriptedProvider(
      (request) => {
        if (echoInput(request) === 0) throw new Error("boom");
        return reply("ok");
      },
      { delayMs: (request) => (echoInput(request) === 0 ? 1 : 1000) },
    );
    const error = await runFlow(mapFlow(echo("e"), 3), { ns: [0, 1, 2] }, { provider }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("Model request failed at fan/map[0]/e (model gpt-4.1-nano, no HTTP status) after 1 attempt: boom");
    expect(provider.aborted.sort()).toEqual(["fan/map[1]/e", "fan/map[2]/e"]);
    expect(provider.infos.every((info) => info.signal.aborted)).toBe(true);
  });

  it("reports progress", async () => {
    const events: RunEvent[] = [];
    const provider = new ScriptedProvider(() => reply("x"));
    await runFlow(mapFlow(echo("e"), 1), { ns: [1, 2] }, { provider, onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type !== "run-end")).toEqual([
      { type: "map-start", path: "fan/map", total: 2 },
      { type: "map-progress", path: "fan/map", done: 1, failed: 0, total: 2 },
      { type: "map-progress", path: "fan/map", done: 2, failed: 0, total: 2 },
      { type: "map-end", path: "fan/map" },
    ]);
  });

  it("ignores a progress listener that throws", async () => {
    const provider = new ScriptedProvider(() => reply("x"));
    const out = await runFlow(mapFlow(echo("e"), 2), { ns: [1, 2, 3] }, {
      provider,
      onEvent: () => {
        throw new Error("broken progress bar");
      },
    });
    expect(out).toEqual(["x", "x", "x"]);
  });

  it("filters in order", async () => {
    const isEven = defineTool<{ n: number }, boolean>({ name: "is_even", input: z.object({ n: z.number() }), output: z.boolean(), implementation: async ({ n }) => (await tick(Math.random() * 5), n % 2 === 0) });
    const flow = defineFlow<{ ns: number[] }, number[]>({
      name: "evens",
      input: z.object({ ns: z.array(z.number()) }),
      output: z.array(z.number()),
      body: (ctx, { ns }) => ctx.filter(ns, { concurrency: 3 }, (n, ctx) => ctx.call(isEven, { n })),
    });
    expect(await runFlow(flow, { ns: [1, 2, 3, 4, 5, 6, 8] })).toEqual([2, 4, 6, 8]);
  });
});

describe("reduce", () => {
  const merges: number[][] = [];
  const merge = defineTool<{ xs: number[] }, number>({
    name: "merge",
    input: z.object({ xs: z.array(z.number()) }),
    output: z.number(),
    implementation: ({ xs }) => {
      merges.push(xs);
      return xs.reduce((a, b) => a + b, 0);
    },
  });
  const total = (batch?: number) =>
    defineFlow<{ xs: number[] }, number>({
      name: "total",
      input: z.object({ xs: z.array(z.number()) }),
      output: z.number(),
      body: (ctx, { xs }) => ctx.reduce(xs, batch === undefined ? {} : { batch }, (group, ctx) => ctx.call(merge, { xs: group })),
    });

  it("combines in a tree, level by level, a single leftover passing up unchanged", async () => {
    merges.length = 0;
    expect(await runFlow(total(3), { xs: [1, 2, 3, 4, 5, 6, 7] })).toBe(28);
    expect(merges).toEqual([[1, 2, 3], [4, 5, 6], [6, 15, 7]]);
    expect(reduceCallCount(7, 3)).toBe(3);
    expect(reduceCallCount(9, 8)).toBe(2);
    expect(reduceCallCount(64, 8)).toBe(9);
  });

  it("uses batch 8 by default and returns a single item without a call", async () => {
    merges.length = 0;
    expect(await runFlow(total(), { xs: Array.from({ length: 9 }, () => 1) })).toBe(9);
    expect(merges.map((m) => m.length)).toEqual([8, 2]);
    merges.length = 0;
    expect(await runFlow(total(), { xs: [42] })).toBe(42);
    expect(merges).toEqual([]);
  });

  it("runs the batches of a level concurrently", async () => {
    const provider = new ScriptedProvider((request) => reply(String(request.messages[1]!.content!.length)), { delayMs: 10 });
    const join = defineWorker<{ parts: string[] }, string>({ name: "join", input: z.object({ parts: z.array(z.string()) }), output: z.string(), model: fast, instructions: "Join." });
    const flow = defineFlow<{ parts: string[] }, string>({
      name: "digest",
      input: z.object({ parts: z.array(z.string()) }),
      output: z.string(),
      body: (ctx, { parts }) => ctx.reduce(parts, { batch: 2 }, (batch, ctx) => ctx.call(join, { parts: batch })),
    });
    const events: RunEvent[] = [];
    await runFlow(flow, { parts: ["a", "b", "c", "d", "e", "f", "g", "h"] }, { provider, onEvent: (e) => events.push(e) });
    expect(provider.requests).toHaveLength(7);
    expect(provider.maxInFlight).toBe(4);
    expect(events[0]).toEqual({ type: "map-start", path: "digest/reduce", total: 7 });
    expect(events.filter((e) => e.type === "map-progress").at(-1)).toEqual({ type: "map-progress", path: "digest/reduce", done: 7, failed: 0, total: 7 });
  });

  it("refuses an empty list clearly", async () => {
    const error = await runFlow(total(), { xs: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyReduceError);
    expect((error as Error).message).toBe(
      "reduce over an empty list at total/reduce: there is nothing to combine (give the result for an empty list: reduce xs with f (empty: value))",
    );
  });

  it("gives `empty` for an empty list without a call, and ignores it otherwise", async () => {
    const withEmpty = defineFlow<{ xs: number[] }, number>({
      name: "total",
      input: z.object({ xs: z.array(z.number()) }),
      output: z.number(),
      body: (ctx, { xs }) => ctx.reduce(xs, { batch: 2, empty: -1 }, (group, ctx) => ctx.call(merge, { xs: group })),
    });
    merges.length = 0;
    expect(await runFlow(withEmpty, { xs: [] })).toBe(-1);
    expect(merges).toEqual([]);
    expect(await runFlow(withEmpty, { xs: [1, 2, 3] })).toBe(6);
    expect(merges).toEqual([[1, 2], [3, 3]]);
  });
});

describe("per-model limits", () => {
  it("caps concurrent requests per model across all maps of a run", async () => {
    const a = echo("a", fast);
    const b = echo("b", slow);
    const flow = defineFlow<{ ns: number[] }, string[]>({
      name: "two_maps",
      input: z.object({ ns: z.array(z.number()) }),
      output: z.array(z.string()),
      async body(ctx, { ns }) {
        const [x, y, w] = await Promise.all([
          ctx.map(ns, { concurrency: 10 }, (n, ctx) => ctx.call(a, { n })),
          ctx.map(ns, { concurrency: 10 }, (n, ctx) => ctx.call(a, { n })),
          ctx.map(ns, { concurrency: 10 }, (n, ctx) => ctx.call(b, { n })),
        ]);
        return [...x, ...y, ...w];
      },
    });
    const provider = new ScriptedProvider(() => reply("x"), { delayMs: () => 2 + Math.random() * 5 });
    const out = await runFlow(flow, { ns: Array.from({ length: 12 }, (_, i) => i) }, { provider, limits: { fast: { concurrency: 2 }, "gpt-4.1": { concurrency: 5 } } });
    expect(out).toHaveLength(36);
    expect(provider.maxInFlightByModel.get("gpt-4.1-nano")).toBe(2);
    expect(provider.maxInFlightByModel.get("gpt-4.1")).toBe(5);
  });

  it("spaces request starts to the requests-per-minute limit", async () => {
    const clock = fakeClock();
    const starts: number[] = [];
    const provider = new ScriptedProvider(() => (starts.push(clock.now()), reply("x")));
    await runFlow(mapFlow(echo("a"), 5), { ns: [1, 2, 3, 4, 5] }, { provider, clock, limits: { fast: { rpm: 2 } } });
    expect(starts).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });
});
