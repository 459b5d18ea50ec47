// Issue #16 rows 6 and 7: a worker given no tools refuses a tool call in one
// turn (within the static call bound `flowc graph` prints), and a run-wide cap
// of requests in flight holds across nested maps.
import { describe, expect, it } from "vitest";
import { CallBounds } from "../../compiler/review/bounds/index.ts";
import { defineFlow, defineModel, defineWorker, run, runFlow, z } from "../../runtime/index.ts";
import { UnexpectedToolCallError } from "../../runtime/errors.ts";
import { callTools, reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";
import { param, program, ref, T, worker } from "../review/ir.ts";

const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });

describe("a worker without uses", () => {
  const summarize = defineWorker<{ text: string }, string>({
    name: "summarize",
    input: z.object({ text: z.string() }),
    output: z.string(),
    model,
    instructions: "Summarize.",
  });

  it("refuses a tool call in one turn with a clear error", async () => {
    const provider = new ScriptedProvider(() => callTools([{ name: "search", args: { q: "x" } }]));
    const error = await run(summarize, { text: "t" }, { provider }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedToolCallError);
    expect((error as Error).message).toBe(
      'Worker summarize at summarize has no tools (it declares no uses), but the model answered with a call to "search"; ' +
        "the request offered no tools, so the model server made this up: check the model and the server, or give the worker the tool with uses",
    );
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.tools).toBeUndefined();
  });

  it("stays within the call bound flowc graph prints for it", async () => {
    const bounds = new CallBounds(program(worker("summarize", [param("text", T.string)])));
    const bound = Number(bounds.of(ref("worker", "summarize")).text);
    const provider = new ScriptedProvider(() => callTools([{ name: "search", args: {} }, { name: "fetch", args: {} }]));
    await expect(run(summarize, { text: "t" }, { provider })).rejects.toThrow('answered with a call to "search", "fetch"');
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests.length).toBeLessThanOrEqual(bound);
  });

  it("called as a delegate, its refusal goes back to the calling model", async () => {
    const lead = defineWorker<{ text: string }, string>({ name: "lead", input: z.object({ text: z.string() }), output: z.string(), model, instructions: "Lead.", uses: () => [summarize] });
    const provider = new ScriptedProvider((request, info) => {
      if (info.worker === "summarize") return callTools([{ name: "search", args: {} }]);
      const tool = request.messages.find((m) => m.role === "tool");
      return tool ? reply(`got: ${tool.content}`) : callTools([{ name: "summarize", args: { text: "t" } }]);
    });
    expect((await run(lead, { text: "t" }, { provider })).output).toMatch(/^got: Error: Worker summarize at lead\/summarize has no tools \(it declares no uses\)/);
    expect(provider.requests).toHaveLength(3);
  });
});

describe("requests in flight in the whole run", () => {
  const echo = defineWorker<{ n: number }, string>({ name: "echo", input: z.object({ n: z.number() }), output: z.string(), model, instructions: "Echo." });
  const nested = defineFlow<{ rows: number[][] }, string[][]>({
    name: "grid",
    input: z.object({ rows: z.array(z.array(z.number())) }),
    output: z.array(z.array(z.string())),
    body: (ctx, { rows }) => ctx.map(rows, { concurrency: 8 }, (row, ctx) => ctx.map(row, { concurrency: 8 }, (n, ctx) => ctx.call(echo, { n }))),
  });
  const rows = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => 8 * i + j));
  const expected = rows.map((row) => row.map((n) => `r${n}`));
  const answer = (request: { messages: readonly { content: string | null }[] }) => reply(`r${JSON.parse(request.messages[1]!.content!).n}`);

  it("are at most 32 by default across nested maps (a map of 8 in a map of 8 would send 64)", async () => {
    const provider = new ScriptedProvider(answer, { delayMs: 10 });
    expect(await runFlow(nested, { rows }, { provider })).toEqual(expected);
    expect(provider.maxInFlight).toBe(32);
    expect(provider.requests).toHaveLength(64);
  });

  it("are at most RunOptions.maxInFlight, next to the per-model limits", async () => {
    const provider = new ScriptedProvider(answer, { delayMs: 5 });
    expect(await runFlow(nested, { rows }, { provider, maxInFlight: 5 })).toEqual(expected);
    expect(provider.maxInFlight).toBe(5);
    const limited = new ScriptedProvider(answer, { delayMs: 5 });
    expect(await runFlow(nested, { rows }, { provider: limited, maxInFlight: 5, limits: { m: { concurrency: 3 } } })).toEqual(expected);
    expect(limited.maxInFlight).toBe(3);
  });

  it("refuses a cap that is not a positive whole number", async () => {
    await expect(runFlow(nested, { rows }, { maxInFlight: 0 })).rejects.toThrow("maxInFlight must be a positive integer, got 0");
  });
});
