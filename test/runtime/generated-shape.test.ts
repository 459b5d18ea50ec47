// The pitchdeck example written the way docs/generated-code.md says the
// compiler emits it, run end to end on the scripted provider. Keeps the
// runtime honest about the contract generated code relies on (tsc checks the types).
import { describe, expect, it } from "vitest";
import { allowList, defineFlow, defineModel, defineTool, defineWorker, run, runFlow, z } from "../../runtime/index.ts";
import type { FlowContext, RunOptions, ToolContext } from "../../runtime/index.ts";
import { callTools, replyJson, reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

// --- tool module (what a user writes in tools/*.ts) ---
const tool_market = {
  market_size: (input: { sector: string }, _ctx: ToolContext): number => (input.sector === "anvils" ? 5e9 : 1e6),
};
const written: string[] = [];
const tool_files = {
  save_report: async (input: { path: string; markdown: string }): Promise<void> => void written.push(input.path),
};
const tool_rank = {
  rank: ({ evaluations }: { evaluations: Evaluation[] }): Evaluation[] => [...evaluations].sort((a, b) => b.score - a.score),
};

// --- generated module ---
export interface Deck {
  name: string;
  text: string;
}
export const Deck: z.ZodType<Deck> = z.object({ name: z.string(), text: z.string() });
export const Verdict = z.enum(["invest", "maybe", "pass"]);
export type Verdict = z.infer<typeof Verdict>;
export interface Evaluation {
  company: string;
  /** 1 (weak) to 10 (exceptional) */
  score: number;
  verdict: Verdict;
  notes?: string;
}
export const Evaluation: z.ZodType<Evaluation> = z.object({
  company: z.string(),
  score: z.number().int().describe("1 (weak) to 10 (exceptional)"),
  verdict: z.lazy(() => Verdict),
  notes: z.string().optional(),
});

export const analyst = defineModel({ alias: "analyst", id: "gpt-4.1-mini", settings: { temperature: 0.2 } });

/** Scores one pitch deck. */
export const evaluate_deck = defineWorker<{ deck: Deck }, Evaluation>({
  name: "evaluate_deck",
  doc: "Scores one pitch deck.",
  input: z.object({ deck: Deck }),
  output: Evaluation,
  model: analyst,
  instructions: 'You are an early-stage investor. Score the deck "{{deck.name}}" from 1 to 10.\nUse market_size for any market claim.',
  context: ({ deck }) => deck.text,
  uses: () => [market_size],
  maxTurns: 4,
});

/** Estimates a market's size in USD. */
export const market_size = defineTool<{ sector: string }, number>({
  name: "market_size",
  doc: "Estimates a market's size in USD.",
  input: z.object({ sector: z.string() }),
  output: z.number(),
  implementation: tool_market.market_size,
});
export const save_report = defineTool<{ path: string; markdown: string }, void>({
  name: "save_report",
  input: z.object({ path: z.string(), markdown: z.string() }),
  output: z.void(),
  // Generated code writes `() => import("./tools/files.js").then((m) => m.save_report)`.
  loadImplementation: () => Promise.resolve(tool_files).then((m) => m.save_report),
  needsApproval: true,
});
export const rank = defineTool<{ evaluations: Evaluation[] }, Evaluation[]>({
  name: "rank",
  input: z.object({ evaluations: z.array(Evaluation) }),
  output: z.array(Evaluation),
  implementation: tool_rank.rank,
});
export const write_memo = defineWorker<{ ranked: Evaluation[] }, string>({
  name: "write_memo",
  input: z.object({ ranked: z.array(Evaluation) }),
  output: z.string(),
  model: analyst,
  instructions: "Write a one-page memo ranking these companies.",
  context: ({ ranked }) => ranked,
});

/** Evaluates every deck, ranks them in code, writes a memo. */
export const evaluate_decks = defineFlow<EvaluateDecksInput, string>({
  name: "evaluate_decks",
  doc: "Evaluates every deck, ranks them in code, writes a memo.",
  input: z.object({ decks: z.array(Deck) }),
  output: z.string(),
  body: evaluate_decks_plan,
});

async function evaluate_decks_plan(ctx: FlowContext, { decks }: EvaluateDecksInput): Promise<string> {
  const evaluations = await ctx.map(decks, { concurrency: 4 }, (deck, ctx) => ctx.call(evaluate_deck, { deck }));
  const ranked = await ctx.call(rank, { evaluations });
  const memo = await ctx.call(write_memo, { ranked });
  await ctx.call(save_report, { path: "out/memo.md", markdown: memo });
  return memo;
}

export type EvaluateDecksInput = { decks: Deck[] };
export function runEvaluateDecks(input: EvaluateDecksInput, options?: RunOptions): Promise<string> {
  return runFlow(evaluate_decks, input, options);
}

// --- the test ---
const decks: Deck[] = [
  { name: "Acme", text: "Anvils for everyone." },
  { name: "Bolt", text: "Faster bolts." },
];

function pitchProvider() {
  return new ScriptedProvider((request, info) => {
    if (info.worker === "write_memo") return reply(`Memo: ${request.messages[1]!.content}`);
    const deckName = /deck "(\w+)"/.exec(request.messages[0]!.content!)![1]!;
    const tool = request.messages.find((m) => m.role === "tool");
    if (deckName === "Acme" && !tool) return callTools([{ name: "market_size", args: { sector: "anvils" }, id: "m1" }]);
    return replyJson({ company: deckName, score: deckName === "Acme" ? 9 : 4, verdict: deckName === "Acme" ? "invest" : "pass", notes: null });
  });
}

describe("generated code shape (pitchdeck)", () => {
  it("runs end to end", async () => {
    written.length = 0;
    const provider = pitchProvider();
    const memo = await runEvaluateDecks({ decks }, { provider, approval: allowList({ approve: ["save_report"] }) });
    expect(memo).toBe(
      'Memo: [{"company":"Acme","score":9,"verdict":"invest"},{"company":"Bolt","score":4,"verdict":"pass"}]',
    );
    expect(written).toEqual(["out/memo.md"]);
    expect(provider.infos.map((i) => i.path).sort()).toEqual([
      "evaluate_decks/map[0]/evaluate_deck",
      "evaluate_decks/map[0]/evaluate_deck",
      "evaluate_decks/map[1]/evaluate_deck",
      "evaluate_decks/write_memo",
    ]);
    const acmeSecond = provider.requests.find((r) => r.messages.some((m) => m.role === "tool"))!;
    expect(acmeSecond.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "m1", content: "5000000000" });
    expect(acmeSecond.settings).toEqual({ temperature: 0.2 });
  });

  it("stops before the side effect without approval", async () => {
    written.length = 0;
    await expect(run(evaluate_decks, { decks }, { provider: pitchProvider() })).rejects.toThrow("--approve save_report");
    expect(written).toEqual([]);
  });
});
