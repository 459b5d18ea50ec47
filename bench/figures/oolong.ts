// Figure 4. Aggregation, OOLONG-style: a generated log of labelled records
// (6 labels, users from a Zipf distribution, ~131k tokens) and 20 counting and
// comparison queries, answered by bench/plans/oolong.flow: split → map a
// classifying worker → count in code. The scripted server classifies by rule.
import { flowcProvider, run } from "../lib/flowc.ts";
import { oolongLog } from "../lib/oolong.ts";
import { loadPlan } from "../lib/plans.ts";
import { round, summarize, timeMs } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { takeWarnings } from "../lib/warnings.ts";
import { estimateTokens } from "../server/server.ts";
import { startServerThread } from "../server/thread.ts";

const FIGURE = "4. Aggregation (OOLONG)";
const CACHES =
  "no compile step measured (the plan was built by `flowc build` at the start of the run); no warm-up: the first seed's run pays for the JIT and the first connections; no response cache: every call goes to the server";

export async function oolongFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const seeds = quick ? 2 : 5;
  const tokens = 131_072;
  const concurrency = 16;
  const { plan, source } = await loadPlan<{ oolong: unknown }>("oolong");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const oolong = plan.oolong as any;
  const server = await startServerThread({ script: "oolong", latencyMs: 50, jitterMs: 10, perTokenMs: 0.001 });
  const provider = flowcProvider(server.url);
  try {
    const exactness: number[] = [];
    const calls: number[] = [];
    const maxContext: number[] = [];
    const rootTokens: number[] = [];
    const wall: number[] = [];
    const logTokens: number[] = [];
    const misses: string[] = [];
    let records = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const data = oolongLog(tokens, seed);
      records = data.records.length;
      await server.reset();
      let result: { output: string[]; usage: { total: { calls?: number; promptTokens?: number } } } | undefined;
      const ms = await timeMs(async () => void (result = await run(oolong, { log: data.text, queries: data.queries }, { provider, concurrency })));
      const st = await server.stats();
      const answers = result!.output;
      let right = 0;
      data.answers.forEach((want, i) => {
        if (answers[i] === want) right++;
        else misses.push(`seed ${seed} query ${i + 1} (${JSON.stringify(data.queries[i])}): got ${answers[i]}, want ${want}`);
      });
      exactness.push(right / data.answers.length);
      calls.push(st.requests);
      maxContext.push(st.maxPromptTokens);
      // The root of the plan is code (a flow): no model context holds the log or the partial results.
      rootTokens.push(0);
      wall.push(ms);
      logTokens.push(estimateTokens(data.text.length));
      log(`  seed ${seed}: ${right}/${data.answers.length} exact, ${st.requests} calls, largest context ${st.maxPromptTokens} tokens, ${ms.toFixed(0)} ms`);
    }
    const desc = `a log of ≈${round(summarize(logTokens).median / 1000, 1)}k tokens (${records.toLocaleString("en-US")} records, 6 labels, 200 users drawn Zipf(1.1)), 20 queries (6 counts per label, 4 label comparisons, 4 per-user counts, 3 top users per label, 3 top labels per user); ${seeds} seeds; flowc plan ${source}`;
    return [
      {
        figure: FIGURE,
        id: "oolong.exactness",
        measured: `share of the 20 answers exactly right, per seed; ${desc}`,
        unit: "ratio",
        flowc: summarize(exactness),
        target: "1.0",
        verdict: exactness.every((e) => e === 1) ? "met" : "missed",
        caches: CACHES,
        notes: misses.slice(0, 5),
      },
      {
        figure: FIGURE,
        id: "oolong.calls",
        measured: `LLM calls per run (one classify call per chunk of ≤ 16,000 chars; the counting is code); ${desc}`,
        unit: "calls",
        flowc: summarize(calls),
        target: "none set (reported)",
        verdict: null,
        caches: CACHES,
      },
      {
        figure: FIGURE,
        id: "oolong.root-context",
        measured: `tokens in the root context: the plan's root is a flow (code), so no model reads the log or the partial results; the largest context of any one call is shown beside it`,
        unit: "tokens",
        flowc: summarize(rootTokens),
        peer: { name: "largest single-call context", value: summarize(maxContext) },
        notes: [`the whole log would be ≈${summarize(logTokens).median.toLocaleString("en-US")} tokens in one context`],
        target: "none set (reported)",
        verdict: null,
        caches: CACHES,
      },
      {
        figure: FIGURE,
        id: "oolong.makespan",
        measured: `wall time of one run at concurrency ${concurrency}, latency 50 ± 10 ms + 1 ms per 1,000 prompt tokens; ${desc}`,
        unit: "ms",
        flowc: summarize(wall),
        target: "none set (reported)",
        verdict: null,
        caches: CACHES,
        notes: takeWarnings(),
      },
    ];
  } finally {
    await server.close();
  }
}
