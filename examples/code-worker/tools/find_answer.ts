// find_answer, stabilized: the cells its model wrote in a recorded run, as code.
// Written by `flowc stabilize trace.jsonl --call answer/find_answer` (3 cells).
// Same signature as the code worker it replaces, so no call site changes; its
// llm() and llm_batch() calls make the worker's requests through the runtime.
import { stabilizedHost, type ToolContext } from "@flowc/runtime";

/** This module's version: raise it when you change the code by hand. */
export const version = 1;

export async function find_answer(input: { document: string; question: string }, ctx: ToolContext): Promise<string> {
  const { llm, llm_batch, print, FINAL, result } = stabilizedHost(ctx, { name: "find_answer", model: { alias: "reader", id: "gpt-4.1-mini", settings: {} }, batchConcurrency: 8 });
  const { document, question } = input;

  // cell 1
  const sections = document.split("\n## ").slice(1);
  print(sections.length + " sections");

  // cell 2
  const quotes = await llm_batch(sections.map((section) => ({
    prompt: "Quote the sentence of this section that answers the question, or answer NONE: " + question,
    text: section,
  })));
  const found = quotes.filter((quote) => quote !== "NONE");
  print(found);

  // cell 3
  FINAL(await llm("Answer the question in a few words, from these quotes: " + question, found.join("\n")));

  return result<string>();
}
