// LangGraph.js: a `Send` fan-out from START to one worker node per item,
// bounded by `maxConcurrency`; the node calls ChatOpenAI with structured output.
import { Annotation, END, Send, START, StateGraph } from "@langchain/langgraph";
import { ChatOpenAI } from "@langchain/openai";
import { MODEL, REPLY_SCHEMA_NAME, Reply, SYSTEM, userMessage } from "../lib/workload.ts";

export function langgraphRunner(baseURL: string) {
  const model = new ChatOpenAI({ model: MODEL, apiKey: "bench", maxRetries: 0, configuration: { baseURL } });
  const structured = model.withStructuredOutput(Reply, { name: REPLY_SCHEMA_NAME, method: "jsonSchema", strict: true });
  const State = Annotation.Root({
    items: Annotation<number[]>(),
    results: Annotation<{ i: number; value: number }[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  });
  const graph = new StateGraph(State)
    .addNode("work", async (input: { i: number; x: number }) => {
      const reply = await structured.invoke([
        { role: "system", content: SYSTEM },
        { role: "user", content: userMessage(input.x) },
      ]);
      return { results: [{ i: input.i, value: reply.value }] };
    })
    .addConditionalEdges(START, (s: typeof State.State) => s.items.map((x, i) => new Send("work", { i, x })))
    .addEdge("work", END)
    .compile();
  return async (xs: readonly number[], concurrency: number): Promise<number[]> => {
    const state = await graph.invoke({ items: [...xs] }, { maxConcurrency: concurrency, recursionLimit: 100 });
    const out = new Array<number>(xs.length);
    for (const r of state.results) out[r.i] = r.value;
    return out;
  };
}
