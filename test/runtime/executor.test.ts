// RunOptions.executor: the two hooks another executor (runtime/dbos) uses. No
// executor and inProcessExecutor run alike; `dispatch` may take a worker or
// tool call with its open frame (and end it), or leave it here; `run` takes
// the whole run.
import { describe, expect, it } from "vitest";
import { defineFlow, defineTool, inProcessExecutor, run, z, type Executor, type FlowContext } from "../../runtime/index.ts";
import { frameSucceeded } from "../../runtime/frame-end.ts";
import { memoryTraceSink } from "../../runtime/trace.ts";

const double = defineTool({ name: "double", input: z.object({ n: z.number() }), output: z.number(), implementation: ({ n }: { n: number }) => n * 2 });
const sum = defineFlow({
  name: "sum",
  input: z.object({ ns: z.array(z.number()) }),
  output: z.number(),
  body: async (ctx: FlowContext, { ns }: { ns: number[] }) => {
    const doubled = await ctx.map(ns, { concurrency: 2 }, (n: number, ctx) => ctx.call(double, { n }));
    return doubled.reduce((a, b) => a + b, 0);
  },
});

describe("RunOptions.executor", () => {
  it("in process, with or without inProcessExecutor", async () => {
    expect((await run(sum, { ns: [1, 2, 3] })).output).toBe(12);
    expect((await run(sum, { ns: [1, 2, 3] }, { executor: inProcessExecutor })).output).toBe(12);
  });

  it("dispatch takes tool calls with their frames (paths, traced end lines) and leaves flows here", async () => {
    const taken: string[] = [];
    const elsewhere: Executor = {
      name: "test",
      dispatch: (frame, callable, input, fields) => {
        if (callable.kind === "flow") return undefined;
        taken.push(`${frame.path} ${JSON.stringify(input)}`);
        const output = (input as { n: number }).n * 10;
        frameSucceeded(frame, fields, output);
        return Promise.resolve(output as never);
      },
    };
    const trace = memoryTraceSink();
    expect((await run(sum, { ns: [1, 2] }, { executor: elsewhere, trace })).output).toBe(30);
    expect(taken.sort()).toEqual(['sum/map[0]/double {"n":1}', 'sum/map[1]/double {"n":2}']);
    const ends = trace.events().flatMap((event) => (event.type === "end" ? [`${event.path}=${JSON.stringify(event.output)}`] : []));
    expect(ends.sort()).toEqual(["sum/map[0]/double=10", "sum/map[1]/double=20", "sum=30"]);
  });

  it("run takes the whole run", async () => {
    const whole: Executor = {
      name: "test",
      run: async (callable, input) => ({ output: `${callable.name} of ${JSON.stringify(input)}` as never, usage: undefined as never, durationMs: 0 }),
    };
    expect((await run(sum, { ns: [1] }, { executor: whole })).output).toBe('sum of {"ns":[1]}');
  });
});
