// `npm run hot-loop`: the runtime's own cost per call, without HTTP. The
// dispatch plan's 2,000-item map runs against a provider that answers at once,
// next to a bare pool doing the same per-call work (build the messages, parse
// and zod-check the answer). Unlike the dispatch figure, whose pairs vary by
// ~10 % on a 2-core VM, this moves by a few percent between runs: a quick way to
// see whether a runtime change made calls cheaper before measuring it for real.
import { run } from "../runtime/index.ts";
import { markSettlesOnAbort } from "../runtime/models/abort-relay.ts";
import type { ChatRequest, ChatResponse, ModelProvider } from "../runtime/models/provider.ts";
import type { DispatchPlan } from "./lib/flowc.ts";
import { loadPlan } from "./lib/plans.ts";
import { pool } from "./lib/stats.ts";
import { checkSum, items, Reply, SYSTEM, userMessage } from "./lib/workload.ts";

const N = 2000;
const CONCURRENCY = 16;
const WARM_UP_RUNS = 30;
const RUNS = 100;

// Flat strings, as JSON.parse of a response body gives them (a built string would be a rope, dearer to parse).
const answers = items(N).map((x) => JSON.parse(JSON.stringify({ content: `{"value":${x}}` })).content as string);
const answerTo = (user: string): string => answers[(JSON.parse(user) as { x: number }).x - 1]!;

const instant: ModelProvider = {
  name: "instant",
  complete: (request: ChatRequest): Promise<ChatResponse> =>
    Promise.resolve({ message: { content: answerTo(request.messages[1]!.content as string) }, finish_reason: "stop", usage: { prompt_tokens: 10, completion_tokens: 3 } }),
};
markSettlesOnAbort(instant);

const { plan } = await loadPlan<DispatchPlan>("dispatch");
const xs = items(N);

async function flowc(): Promise<number[]> {
  const { output } = await run(plan.fan_out, { xs }, { provider: instant, concurrency: CONCURRENCY });
  return (output as { value: number }[]).map((r) => r.value);
}

async function bare(): Promise<number[]> {
  const out = new Array<number>(N);
  await pool(N, CONCURRENCY, async (i) => {
    const messages = [
      { role: "system", content: SYSTEM },
      { role: "user", content: userMessage(xs[i]!) },
    ];
    const answer = await Promise.resolve({ choices: [{ message: { content: answerTo(messages[1]!.content) } }] });
    out[i] = Reply.parse(JSON.parse(answer.choices[0]!.message.content)).value;
  });
  return out;
}

const sides = { flowc, bare } as const;
for (let round = 1; round <= 3; round++) {
  const line: string[] = [];
  for (const [name, side] of Object.entries(sides)) {
    for (let i = 0; i < WARM_UP_RUNS; i++) checkSum(name, await side(), N);
    const start = performance.now();
    for (let i = 0; i < RUNS; i++) await side();
    line.push(`${name} ${(((performance.now() - start) / RUNS / N) * 1000).toFixed(2)} µs/call`);
  }
  console.log(`round ${round}: ${line.join(", ")}`);
}
