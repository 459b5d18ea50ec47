// A plan written as flowc generates it: a wide map of one worker (each item
// one model request), a flow whose last step is a tool that needs approval,
// and a flow that spends a budget. The DBOS tests run it in several processes.
import { defineFlow, defineTool, defineWorker, z, type FlowContext } from "@flowc/runtime";

export const label = defineWorker({
  name: "label",
  input: z.object({ item: z.number().int() }),
  output: z.string(),
  instructions: "Label item {{item}}.",
  context: ({ item }: { item: number }) => `item ${item}`,
});

export const label_all = defineFlow({
  name: "label_all",
  input: z.object({ items: z.array(z.number().int()), concurrency: z.number().int() }),
  output: z.array(z.string()),
  body: (ctx: FlowContext, { items, concurrency }: { items: number[]; concurrency: number }) =>
    ctx.map(items, { concurrency }, (item: number, ctx) => ctx.call(label, { item })),
});

export const publish = defineTool({
  name: "publish",
  input: z.object({ labels: z.array(z.string()) }),
  output: z.string(),
  needsApproval: true,
  implementation: ({ labels }: { labels: string[] }) => `published ${labels.length}`,
});

export const label_and_publish = defineFlow({
  name: "label_and_publish",
  input: z.object({ items: z.array(z.number().int()) }),
  output: z.string(),
  body: async (ctx: FlowContext, { items }: { items: number[] }) => {
    const labels = await ctx.map(items, { concurrency: 4 }, (item: number, ctx) => ctx.call(label, { item }));
    return ctx.call(publish, { labels });
  },
});

/** Whether `check_total` fails: a test breaks it, sees the run fail, fixes it and resumes the run. */
export const control = { broken: false };

export const check_total = defineTool({
  name: "check_total",
  input: z.object({ labels: z.array(z.string()) }),
  output: z.number().int(),
  implementation: ({ labels }: { labels: string[] }) => {
    if (control.broken) throw new Error("the checker is broken");
    return labels.length;
  },
});

export const label_and_check = defineFlow({
  name: "label_and_check",
  input: z.object({ items: z.array(z.number().int()) }),
  output: z.number().int(),
  body: async (ctx: FlowContext, { items }: { items: number[] }) => {
    const labels = await ctx.map(items, { concurrency: 4 }, (item: number, ctx) => ctx.call(label, { item }));
    return ctx.call(check_total, { labels });
  },
});
