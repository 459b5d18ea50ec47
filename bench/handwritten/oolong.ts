// Hand-written stand-in for `flowc build plans/oolong.flow` (docs/generated-code.md).
import { defineFlow, defineModel, defineTool, defineWorker, runFlow, split, z } from "../../runtime/index.ts";
import type { FlowContext, RunOptions } from "../../runtime/index.ts";
import * as tool_oolong from "../plans/tools/oolong.ts";

export const Label = z.enum(["abbreviation", "entity", "description", "human", "location", "numeric"]);
export type Label = z.infer<typeof Label>;

/** One record of the log, classified. */
export interface Labelled {
  id: number;
  user: string;
  label: Label;
}
export const Labelled: z.ZodType<Labelled> = z.object({ id: z.number().int(), user: z.string(), label: Label });

/** The records of one chunk. */
export interface Classified {
  records: Labelled[];
}
export const Classified: z.ZodType<Classified> = z.object({ records: z.array(Labelled) });

/** A counting or comparison question over the whole log. */
export interface Query {
  kind: "count" | "count_user" | "compare" | "top_user" | "top_label";
  label?: Label;
  other?: Label;
  user?: string;
}
export const Query: z.ZodType<Query> = z.object({
  kind: z.enum(["count", "count_user", "compare", "top_user", "top_label"]),
  label: Label.optional(),
  other: Label.optional(),
  user: z.string().optional(),
});

export const classifier = defineModel({ alias: "classifier", id: "gpt-4.1-mini", settings: {} });

/** Classifies every complete record line of a chunk. */
export const classify = defineWorker<{ chunk: string }, Classified>({
  name: "classify",
  doc: "Classifies every complete record line of a chunk.",
  input: z.object({ chunk: z.string() }),
  output: Classified,
  model: classifier,
  instructions: "For each line [rID] USER | QUESTION, give the id, the user and the question's coarse label.",
  context: ({ chunk }) => chunk,
});

/** Answers the queries from the classified records (in code). */
export const answer = defineTool<{ batches: Classified[]; queries: Query[] }, string[]>({
  name: "answer",
  doc: "Answers the queries from the classified records (in code).",
  input: z.object({ batches: z.array(Classified), queries: z.array(Query) }),
  output: z.array(z.string()),
  implementation: tool_oolong.answer,
});

/** Answers counting and comparison queries over a long log. */
export const oolong = defineFlow<OolongInput, string[]>({
  name: "oolong",
  doc: "Answers counting and comparison queries over a long log.",
  input: z.object({ log: z.string(), queries: z.array(Query) }),
  output: z.array(z.string()),
  body: oolong_plan,
});

async function oolong_plan(ctx: FlowContext, { log, queries }: OolongInput): Promise<string[]> {
  const chunks = split(log, { maxChars: 16000 });
  const classified = await ctx.map(chunks, {}, (c, ctx) => ctx.call(classify, { chunk: c }));
  return await ctx.call(answer, { batches: classified, queries });
}

export type OolongInput = { log: string; queries: Query[] };
export function runOolong(input: OolongInput, options?: RunOptions): Promise<string[]> {
  return runFlow(oolong, input, options);
}
