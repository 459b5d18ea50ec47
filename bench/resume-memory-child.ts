// The measured side of resume-memory.ts, in a process of its own so its peak
// RSS is its own: `index` opens the journal only; `resume` resumes the flow
// from it (no model call may happen) and checks the result; `fresh` runs the
// same flow with instant answers and a new trace, for comparison.
import { defineFlow, defineModel, defineWorker, run, z } from "../runtime/index.ts";
import type { ModelProvider } from "../runtime/models/provider.ts";
import { ResumeJournal } from "../runtime/resume.ts";
import { reply } from "../runtime/testing/scripted-provider.ts";

const [mode, journal, countText] = process.argv.slice(2) as ["index" | "resume" | "fresh", string, string];
const count = Number(countText);
const started = performance.now();

const Item = z.object({ id: z.number().int() });
const Label = z.object({ id: z.number().int(), note: z.string() });
const label = defineWorker<{ item: z.infer<typeof Item> }, z.infer<typeof Label>>({
  name: "label",
  input: z.object({ item: Item }),
  output: Label,
  model: defineModel({ alias: "fast", id: "gpt-4.1-mini", settings: {} }),
  instructions: "Label item {{item.id}}.",
});
const labelAll = defineFlow<{ items: z.infer<typeof Item>[] }, z.infer<typeof Label>[]>({
  name: "label_all",
  input: z.object({ items: z.array(Item) }),
  output: z.array(Label),
  body: (ctx, { items }) => ctx.map(items, { concurrency: 8 }, (item, ctx) => ctx.call(label, { item })),
});

let summary: string;
if (mode === "index") {
  const index = ResumeJournal.open(journal);
  summary = `index only: ${index.counts.entries.toLocaleString("en")} entries found`;
  index.close();
} else {
  let calls = 0;
  // Answers as the journal's run got them; keeps nothing per request.
  const provider: ModelProvider = {
    name: "instant",
    complete: async (request) => {
      calls++;
      const id = Number(/Label item (\d+)/.exec(request.messages[0]!.content ?? "")![1]);
      return reply(JSON.stringify({ id, note: `label ${id}: uses sk-learn-compatible-pipeline-${id}` }));
    },
  };
  const items = Array.from({ length: count }, (_, id) => ({ id }));
  // Resuming as `flowc run --resume JOURNAL` does: the journal is the trace too, appended to.
  const options = mode === "resume" ? { resume: journal, trace: journal } : { trace: `${journal}.fresh` };
  const result = await run(labelAll, { items }, { provider, ...options });
  const wrong = result.output.filter((label, id) => label.id !== id || label.note !== `label ${id}: uses sk-learn-compatible-pipeline-${id}`).length;
  summary = `${mode === "resume" ? "resumed" : "fresh (no journal)"} run: ${result.output.length.toLocaleString("en")} results, ${calls.toLocaleString("en")} model calls, ${wrong} wrong`;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
// maxRSS is in kilobytes: the peak over the process's life.
console.log(`${summary}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ${seconds} s`);
