import { describe, expect, it } from "vitest";
import { AbortedError, defineFlow, defineModel, defineTool, defineWorker, runFlow, z } from "../../runtime/index.ts";
import type { ToolContext, ToolImplementation } from "../../runtime/index.ts";
import { callTools, reply, ScriptedProvider, tick } from "../../runtime/testing/scripted-provider.ts";

function factoryTool(name: string, log: string[], behaviour: (ctx: ToolContext) => Promise<string> | string = () => name) {
  let made = 0;
  const implementation: ToolImplementation<{ x: string }, string> = {
    create(ctx) {
      const id = `${name}${++made}`;
      log.push(`create ${id} in ${ctx.path}`);
      return {
        call: (_input, ctx) => {
          log.push(`call ${id} at ${ctx.path}`);
          return behaviour(ctx);
        },
        dispose() {
          log.push(`dispose ${id}`);
        },
      };
    },
  };
  return defineTool<{ x: string }, string>({ name, input: z.object({ x: z.string() }), output: z.string(), implementation });
}

function twoTools(log: string[], end: (ctx: { signal: AbortSignal }) => Promise<string>) {
  const a = factoryTool("a", log);
  const b = factoryTool("b", log);
  return defineFlow<{ x: string }, string>({
    name: "f",
    input: z.object({ x: z.string() }),
    output: z.string(),
    async body(ctx, input) {
      await ctx.call(a, input);
      await ctx.call(b, input);
      await ctx.call(a, input); // the same instance again
      return end(ctx);
    },
  });
}

describe("tool instances", () => {
  it("are created once per calling frame and disposed in reverse order on success", async () => {
    const log: string[] = [];
    expect(await runFlow(twoTools(log, async () => "ok"), { x: "1" })).toBe("ok");
    expect(log).toEqual(["create a1 in f", "call a1 at f/a", "create b1 in f", "call b1 at f/b", "call a1 at f/a#2", "dispose b1", "dispose a1"]);
  });

  it("are disposed in reverse order on error", async () => {
    const log: string[] = [];
    await expect(
      runFlow(
        twoTools(log, async () => {
          throw new Error("body failed");
        }),
        { x: "1" },
      ),
    ).rejects.toThrow("body failed");
    expect(log.slice(-2)).toEqual(["dispose b1", "dispose a1"]);
  });

  it("are disposed in reverse order on abort, and the abort reaches tools and the flow", async () => {
    const log: string[] = [];
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const pending = runFlow(
      twoTools(log, (ctx) => {
        seen = ctx.signal;
        return new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
      }),
      { x: "1" },
      { signal: controller.signal },
    );
    await tick(5);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(seen?.aborted).toBe(true);
    expect(log.slice(-2)).toEqual(["dispose b1", "dispose a1"]);
  });

  it("are fresh per map item and per worker frame", async () => {
    const log: string[] = [];
    const t = factoryTool("t", log);
    const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
    const worker = defineWorker<{ x: string }, string>({ name: "w", input: z.object({ x: z.string() }), output: z.string(), model, instructions: "Use t twice.", uses: () => [t] });
    const provider = new ScriptedProvider((request) =>
      request.messages.length === 2 ? callTools([{ name: "t", args: { x: "1" } }, { name: "t", args: { x: "2" } }]) : reply("done"),
    );
    const flow = defineFlow<{ xs: string[] }, string[]>({
      name: "f",
      input: z.object({ xs: z.array(z.string()) }),
      output: z.array(z.string()),
      body: (ctx, { xs }) => ctx.map(xs, { concurrency: 1 }, (x, ctx) => ctx.call(worker, { x })),
    });
    await runFlow(flow, { xs: ["p", "q"] }, { provider });
    expect(log).toEqual([
      "create t1 in f/map[0]/w",
      "call t1 at f/map[0]/w/t",
      "call t1 at f/map[0]/w/t#2",
      "dispose t1",
      "create t2 in f/map[1]/w",
      "call t2 at f/map[1]/w/t",
      "call t2 at f/map[1]/w/t#2",
      "dispose t2",
    ]);
  });
});

describe("abort signal", () => {
  it("ends a tool call that ignores the signal at once, disposing its instance", async () => {
    const log: string[] = [];
    const stuck = factoryTool("stuck", log, () => new Promise<string>(() => {}));
    const flow = defineFlow<{ x: string }, string>({ name: "f", input: z.object({ x: z.string() }), output: z.string(), body: (ctx, input) => ctx.call(stuck, input) });
    const controller = new AbortController();
    const pending = runFlow(flow, { x: "1" }, { signal: controller.signal });
    await tick(5);
    controller.abort();
    await expect(pending).rejects.toThrow("Aborted at f/stuck");
    expect(log).toEqual(["create stuck1 in f", "call stuck1 at f/stuck", "dispose stuck1"]);
  });

  it("flows to the provider's CallInfo and stops the run", async () => {
    const controller = new AbortController();
    const provider = new ScriptedProvider(() => reply("never"), { delayMs: 10_000 });
    const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
    const worker = defineWorker<{ x: string }, string>({ name: "w", input: z.object({ x: z.string() }), output: z.string(), model, instructions: "Hi." });
    const flow = defineFlow<{ x: string }, string>({ name: "f", input: z.object({ x: z.string() }), output: z.string(), body: (ctx, input) => ctx.call(worker, input) });
    const pending = runFlow(flow, { x: "1" }, { provider, signal: controller.signal });
    await tick(5);
    controller.abort();
    await expect(pending).rejects.toThrow("Aborted at f/w");
    expect(provider.infos[0]!.signal.aborted).toBe(true);
    expect(provider.aborted).toEqual(["f/w"]);
  });

  it("refuses to start when already aborted", async () => {
    const flow = defineFlow<{ x: string }, string>({ name: "f", input: z.object({ x: z.string() }), output: z.string(), body: async () => "ran" });
    await expect(runFlow(flow, { x: "1" }, { signal: AbortSignal.abort() })).rejects.toThrow("Aborted at f");
  });
});
