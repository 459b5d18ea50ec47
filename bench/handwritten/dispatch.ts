// Hand-written stand-in for `flowc build plans/dispatch.flow`, following
// docs/generated-code.md; used only while the compiler cannot build the plan.
import { defineFlow, defineModel, defineWorker, runFlow, z } from "../../runtime/index.ts";
import type { FlowContext, RunOptions } from "../../runtime/index.ts";

/** The answer of the trivial worker. */
export interface Reply {
  value: number;
}
export const Reply: z.ZodType<Reply> = z.object({ value: z.number().int() }).describe("The answer of the trivial worker.");

export const bench = defineModel({ alias: "bench", id: "gpt-4.1-mini", settings: {} });

/** Answers the number it is given. */
export const echo_value = defineWorker<{ x: number }, Reply>({
  name: "echo_value",
  doc: "Answers the number it is given.",
  input: z.object({ x: z.number().int() }),
  output: Reply,
  model: bench,
  instructions: "Reply with the number you are given. [op:echo]",
});

/** Adds up a batch of replies. */
export const add_up = defineWorker<{ parts: Reply[] }, Reply>({
  name: "add_up",
  doc: "Adds up a batch of replies.",
  input: z.object({ parts: z.array(Reply) }),
  output: Reply,
  model: bench,
  instructions: "Add up the values you are given. [op:sum]",
  context: ({ parts }) => parts,
});

/** One trivial worker call per item. */
export const fan_out = defineFlow<FanOutInput, Reply[]>({
  name: "fan_out",
  doc: "One trivial worker call per item.",
  input: z.object({ xs: z.array(z.number().int()) }),
  output: z.array(Reply),
  body: fan_out_plan,
});

async function fan_out_plan(ctx: FlowContext, { xs }: FanOutInput): Promise<Reply[]> {
  return await ctx.map(xs, {}, (x, ctx) => ctx.call(echo_value, { x }));
}

/** Combines the replies eight at a time, level by level. */
export const fan_in = defineFlow<FanInInput, Reply>({
  name: "fan_in",
  doc: "Combines the replies eight at a time, level by level.",
  input: z.object({ parts: z.array(Reply) }),
  output: Reply,
  body: fan_in_plan,
});

async function fan_in_plan(ctx: FlowContext, { parts }: FanInInput): Promise<Reply> {
  return await ctx.reduce(parts, { batch: 8 }, (batch, ctx) => ctx.call(add_up, { parts: batch }));
}

export type FanOutInput = { xs: number[] };
export function runFanOut(input: FanOutInput, options?: RunOptions): Promise<Reply[]> {
  return runFlow(fan_out, input, options);
}

export type FanInInput = { parts: Reply[] };
export function runFanIn(input: FanInInput, options?: RunOptions): Promise<Reply> {
  return runFlow(fan_in, input, options);
}
