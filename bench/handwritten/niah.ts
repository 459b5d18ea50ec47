// Hand-written stand-in for `flowc build plans/niah.flow` (docs/generated-code.md).
import { defineFlow, defineModel, defineTool, defineWorker, runFlow, split, z } from "../../runtime/index.ts";
import type { FlowContext, RunOptions } from "../../runtime/index.ts";
import * as tool_niah from "../plans/tools/niah.ts";

/** What one chunk says about the needle. */
export interface Finding {
  found: boolean;
  number: number;
}
export const Finding: z.ZodType<Finding> = z.object({ found: z.boolean(), number: z.number().int() });

export const reader = defineModel({ alias: "reader", id: "gpt-4.1-mini", settings: {} });

/** Reads one chunk and reports the magic number if the chunk states it. */
export const find_magic = defineWorker<{ chunk: string }, Finding>({
  name: "find_magic",
  doc: "Reads one chunk and reports the magic number if the chunk states it.",
  input: z.object({ chunk: z.string() }),
  output: Finding,
  model: reader,
  instructions:
    "If the text states the magic number, answer found = true and the number; otherwise found = false and 0.",
  context: ({ chunk }) => chunk,
});

/** The finding of the first chunk that found the needle (in code). */
export const pick = defineTool<{ findings: Finding[] }, Finding>({
  name: "pick",
  doc: "The finding of the first chunk that found the needle (in code).",
  input: z.object({ findings: z.array(Finding) }),
  output: Finding,
  implementation: tool_niah.pick,
});

/** Finds the magic number in a document of any length. */
export const niah = defineFlow<NiahInput, Finding>({
  name: "niah",
  doc: "Finds the magic number in a document of any length.",
  input: z.object({ document: z.string() }),
  output: Finding,
  body: niah_plan,
});

async function niah_plan(ctx: FlowContext, { document }: NiahInput): Promise<Finding> {
  const chunks = split(document, { maxChars: 100000 });
  const findings = await ctx.map(chunks, {}, (c, ctx) => ctx.call(find_magic, { chunk: c }));
  return await ctx.call(pick, { findings });
}

export type NiahInput = { document: string };
export function runNiah(input: NiahInput, options?: RunOptions): Promise<Finding> {
  return runFlow(niah, input, options);
}
