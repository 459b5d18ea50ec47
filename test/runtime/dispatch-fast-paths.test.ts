// The per-call fast paths of the runtime keep the behaviour of the slow paths
// they replace: abort relays, compiled instruction templates, skipped strict
// decoding, lazily made scope maps, the provider's own abort handling.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineWorker, run, z } from "../../runtime/index.ts";
import { plainJsonSchema } from "../../runtime/json-schema.ts";
import { fromStrictValue } from "../../runtime/models/openai-strict-values.ts";
import { AbortSource } from "../../runtime/abort-source.ts";
import { acquireRelay, releaseRelay, settlesOnAbort } from "../../runtime/models/abort-relay.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import { compileTemplate, renderCompiled, renderTemplate } from "../../runtime/template.ts";
import { startOpenAIServer, type OpenAIServer } from "../../runtime/testing/openai-server.ts";
import { replyJson, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

describe("abort relays", () => {
  it("abort with the outer signal and its reason, and detach once idle", () => {
    const outer = new AbortController();
    const a = acquireRelay(outer.signal);
    const b = acquireRelay(outer.signal);
    expect(b.signal).toBe(a.signal); // shared by the requests in flight
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(1);
    releaseRelay(a);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(1);
    releaseRelay(b);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);

    const c = acquireRelay(outer.signal);
    expect(c.signal).not.toBe(a.signal);
    const reason = new Error("sibling failed");
    outer.abort(reason);
    expect(c.signal.aborted).toBe(true);
    expect(c.signal.reason).toBe(reason);
    releaseRelay(c);
  });

  it("serve a bounded number of requests each, so spent SDK listeners cannot pile up", () => {
    const outer = new AbortController();
    const relays = Array.from({ length: 200 }, () => acquireRelay(outer.signal));
    const signals = new Set(relays.map((r) => r.signal));
    expect(signals.size).toBeGreaterThan(1);
    for (const relay of relays) releaseRelay(relay);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);
  });
});

describe("abort sources (read without touching the signal)", () => {
  it("say aborted before the signal's listeners run, and follow an outer signal with its reason", () => {
    const outer = new AbortController();
    const source = new AbortSource();
    const stop = source.follow(outer.signal);
    const seen: boolean[] = [];
    source.signal.addEventListener("abort", () => seen.push(source.aborted));
    expect(() => source.throwIfAborted("a/b")).not.toThrow();
    const reason = new Error("budget");
    outer.abort(reason);
    expect(seen).toEqual([true]);
    expect(source.signal.reason).toBe(reason);
    expect(() => source.throwIfAborted("a/b")).toThrow(reason);
    stop();
  });

  it("start aborted for an aborted signal, name the path for a plain abort, and stop following on request", () => {
    const aborted = new AbortSource();
    aborted.follow(AbortSignal.abort());
    expect(aborted.aborted).toBe(true);
    expect(() => aborted.throwIfAborted("review/map[2]")).toThrow("Aborted at review/map[2]");

    const outer = new AbortController();
    const source = new AbortSource();
    source.follow(outer.signal)();
    outer.abort();
    expect(source.aborted).toBe(false);
    expect(getEventListeners(outer.signal, "abort")).toHaveLength(0);
  });
});

describe("a relay's abort listeners", () => {
  it("are kept out of EventTarget's list (no walk per request) and called once each, in order, on abort", async () => {
    const outer = new AbortController();
    const relay = acquireRelay(outer.signal);
    const signal = relay.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    const called: number[] = [];
    const listeners = Array.from({ length: 50 }, (_, i) => () => called.push(i));
    for (const listener of listeners) signal.addEventListener("abort", listener, { once: true });
    signal.addEventListener("abort", listeners[0]!); // a duplicate is ignored, as EventTarget does
    expect(getEventListeners(signal, "abort")).toHaveLength(1); // the one that hands the event on

    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener("uncaughtException", onUncaught);
    const failing = new Error("listener failed");
    signal.addEventListener("abort", () => {
      throw failing;
    });
    signal.addEventListener("abort", () => called.push(-1));
    try {
      outer.abort("stop");
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.removeListener("uncaughtException", onUncaught);
    }
    expect(called).toEqual([...listeners.keys(), -1]);
    expect(uncaught).toEqual([failing]);
    releaseRelay(relay);
  });
});

describe("compiled instruction templates", () => {
  it("render like the regex replacement did", () => {
    const input = { deck: { name: "Acme", tags: ["a"], n: 3 }, list: [{ x: 1 }] };
    const template = 'Deck "{{deck.name}}" {{ deck.tags }} {{deck.n}} {{list[0].x}} [{{deck.missing}}] {{nope.deeper}}';
    expect(renderCompiled(compileTemplate(template), input)).toBe('Deck "Acme" ["a"] 3 1 [] ');
    expect(renderTemplate(template, input)).toBe(renderCompiled(compileTemplate(template), input));
    expect(renderTemplate("No placeholders, {not one}.", input)).toBe("No placeholders, {not one}.");
    expect(renderTemplate("{{deck.name}}", { deck: { name: "$& $1" } })).toBe("$& $1");
  });
});

describe("strict values without anything to decode", () => {
  it("pass through as they are; schemas with optional or free-form fields still decode", () => {
    const plain = plainJsonSchema(z.object({ value: z.number().int(), tags: z.array(z.object({ label: z.string() })) }));
    const value = { value: 1, tags: [{ label: "a" }] };
    expect(fromStrictValue(value, plain)).toBe(value);

    const optional = plainJsonSchema(z.object({ value: z.number(), note: z.string().optional() }));
    expect(fromStrictValue({ value: 1, note: null }, optional)).toEqual({ value: 1 });
    const nested = plainJsonSchema(z.object({ items: z.array(z.object({ note: z.string().optional() })) }));
    expect(fromStrictValue({ items: [{ note: null }] }, nested)).toEqual({ items: [{}] });
    const freeForm = plainJsonSchema(z.object({ data: z.record(z.string(), z.number()) }));
    expect(fromStrictValue({ data: '{"a":1}' }, freeForm)).toEqual({ data: { a: 1 } });
    // A property named like a keyword is still a property.
    const keywordNamed = plainJsonSchema(z.object({ default: z.object({ note: z.string().optional() }) }));
    expect(fromStrictValue({ default: { note: null } }, keywordNamed)).toEqual({ default: {} });
  });
});

/** A worker from `{ n }` to `{ value }`, its name as its instructions. */
function numberWorker(name: string) {
  const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
  return defineWorker<{ n: number }, { value: number }>({
    name,
    input: z.object({ n: z.number() }),
    output: z.object({ value: z.number() }),
    model,
    instructions: name,
  });
}

describe("sibling names", () => {
  it("number repeated calls from one scope, also after a different callable", async () => {
    const a = numberWorker("a");
    const b = numberWorker("b");
    const flow = defineFlow<{ n: number }, number>({
      name: "f",
      input: z.object({ n: z.number() }),
      output: z.number(),
      body: async (ctx, { n }) => {
        await ctx.call(a, { n });
        await ctx.call(b, { n });
        await ctx.call(a, { n });
        return (await ctx.call(b, { n })).value;
      },
    });
    const paths: string[] = [];
    const provider = new ScriptedProvider((_request, info) => {
      paths.push(info.path);
      return replyJson({ value: 1 });
    });
    await run(flow, { n: 1 }, { provider });
    expect(paths).toEqual(["f/a", "f/b", "f/a#2", "f/b#2"]);
  });
});

describe("flow contexts", () => {
  it("work destructured (their functions are bound to the scope when first read)", async () => {
    const double = numberWorker("double");
    const flow = defineFlow<{ ns: number[] }, number>({
      name: "f",
      input: z.object({ ns: z.array(z.number()) }),
      output: z.number(),
      body: async ({ map, filter, reduce }, { ns }) => {
        const doubled = await map(ns, {}, (n, { call }) => call(double, { n }));
        const big = await filter(doubled, {}, async (d) => d.value > 2);
        const sum = await reduce(big, { batch: 2 }, async (batch) => ({ value: batch.reduce((a, d) => a + d.value, 0) }));
        return sum.value;
      },
    });
    const paths: string[] = [];
    const provider = new ScriptedProvider((request, info) => {
      paths.push(info.path);
      return replyJson({ value: 2 * (JSON.parse(request.messages[1]!.content as string) as { n: number }).n });
    });
    const result = await run(flow, { ns: [1, 2, 3] }, { provider });
    expect(result.output).toBe(10);
    expect(paths).toEqual(["f/map[0]/double", "f/map[1]/double", "f/map[2]/double"]);
  });
});

describe("the openai provider's own abort handling", () => {
  const servers: OpenAIServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("is trusted only without a custom fetch (which might ignore the signal)", () => {
    expect(settlesOnAbort(new OpenAIProvider({ apiKey: "sk-test-key-123456", baseURL: "http://127.0.0.1:9/v1" }))).toBe(true);
    const custom = new OpenAIProvider({ apiKey: "sk-test-key-123456", baseURL: "http://127.0.0.1:9/v1", fetch: globalThis.fetch });
    expect(settlesOnAbort(custom)).toBe(false);
  });

  it("a run stopped mid-request ends at once with the run's reason", async () => {
    const server = await startOpenAIServer({ handler: () => ({ hang: true }) });
    servers.push(server);
    const provider = new OpenAIProvider({ apiKey: "sk-test-key-123456", baseURL: server.url });
    const model = defineModel({ alias: "m", id: "gpt-test", settings: {} });
    const worker = defineWorker<{ n: number }, string>({ name: "w", input: z.object({ n: z.number() }), output: z.string(), model, instructions: "x" });
    const controller = new AbortController();
    const pending = run(worker, { n: 1 }, { provider, signal: controller.signal });
    while (server.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const reason = new Error("user stopped the run");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    while (server.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  });
});
