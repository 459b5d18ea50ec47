// A seeded fault plan for the fault suite: whether attempt `a` of turn `t` of
// item `i` fails, and how, is a pure function of (seed, i, t, a). Timing and
// arrival order cannot change it, so a run over real HTTP meets the same faults
// as one in memory, and the requests a run must make can be predicted exactly.
import { defineFlow, defineModel, defineWorker, ModelError, z } from "../../../runtime/index.ts";
import type { ChatRequest, ChatResponse } from "../../../runtime/index.ts";
import type { ScriptedReply } from "../../../runtime/testing/openai-server.ts";
import { prng } from "../../../runtime/testing/prng.ts";
import { reply } from "../../../runtime/testing/scripted-provider.ts";

export const FAULT_KINDS = ["429", "500", "503", "hang", "malformed", "schema", "drop"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultPlan {
  readonly seed: number;
  /** Share of requests that fail, each kind equally likely. */
  readonly rate: number;
}

function mix(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** The fault of attempt `attempt` (1-based) of turn `turn` (0 = the first answer, then one per repair) of item `item`. */
export function faultOf(plan: FaultPlan, item: number, turn: number, attempt: number): FaultKind | undefined {
  const random = prng(mix(plan.seed, item, turn, attempt));
  if (random() >= plan.rate) return undefined;
  return FAULT_KINDS[Math.floor(random() * FAULT_KINDS.length)];
}

// ---- the plan under test: a 1,000-item map of a worker with a record result ----

export interface Doubled {
  n: number;
  double: number;
}

const model = defineModel({ alias: "fast", id: "gpt-4.1-mini", settings: { max_tokens: 50 } });

export const double = defineWorker<{ n: number }, Doubled>({
  name: "double",
  input: z.object({ n: z.number().int() }),
  output: z.object({ n: z.number().int(), double: z.number().int() }),
  model,
  instructions: "Double the number.",
});

export const doubleAll = defineFlow<{ ns: number[] }, Doubled[]>({
  name: "double_all",
  input: z.object({ ns: z.array(z.number().int()) }),
  output: z.array(z.object({ n: z.number().int(), double: z.number().int() })),
  body: (ctx, { ns }) => ctx.map(ns, { concurrency: 32 }, (n, ctx) => ctx.call(double, { n })),
});

export const items = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
export const expectedOutput = (ns: readonly number[]): Doubled[] => ns.map((n) => ({ n, double: 2 * n }));

/** Counts the attempts of each (item, turn), as a server would see them. */
export class AttemptCounter {
  private readonly attempts = new Map<string, number>();
  readonly faults = new Map<FaultKind, number>();

  /** The item, turn and attempt of a request body (the user message holds the item; each repair adds two messages). */
  next(request: Pick<ChatRequest, "messages">): { item: number; turn: number; attempt: number } {
    const item = JSON.parse(request.messages[1]!.content as string).n as number;
    const turn = (request.messages.length - 2) / 2;
    const key = `${item}/${turn}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    return { item, turn, attempt };
  }

  count(kind: FaultKind): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  get injected(): number {
    return [...this.faults.values()].reduce((a, b) => a + b, 0);
  }
}

const schemaViolation = (item: number) => JSON.stringify({ n: item, double: "twice" });
const answer = (item: number) => JSON.stringify({ n: item, double: 2 * item });

/** The ScriptedProvider responder of a plan: faults as the runtime sees them from a provider. */
export function scriptedFaults(plan: FaultPlan, counter = new AttemptCounter()) {
  return (request: ChatRequest): Promise<ChatResponse> | ChatResponse => {
    const { item, turn, attempt } = counter.next(request);
    const kind = faultOf(plan, item, turn, attempt);
    if (kind) counter.count(kind);
    switch (kind) {
      case undefined:
        return reply(answer(item));
      case "schema":
        return reply(schemaViolation(item));
      case "429":
        throw new ModelError("Rate limit reached", { status: 429, retryable: true, retryAfterMs: 2 });
      case "500":
      case "503":
        throw new ModelError(`HTTP ${kind}`, { status: Number(kind), retryable: true });
      case "hang":
        return new Promise<never>(() => {}); // ignores its signal: the runtime's timeout ends it
      case "malformed":
        throw new ModelError('The model server returned a malformed JSON body: "{\\"id\\": \\"chatcmpl-broken\\", \\"choices\\": [ {\\"message\\": "', { retryable: true });
      case "drop":
        throw new ModelError("Could not connect to the model server: ECONNRESET: socket hang up", { retryable: true });
    }
  };
}

/** The test server's handler of a plan: the same faults over real HTTP. */
export function httpFaults(plan: FaultPlan, counter = new AttemptCounter()) {
  return (body: Pick<ChatRequest, "messages">): ScriptedReply => {
    const { item, turn, attempt } = counter.next(body);
    const kind = faultOf(plan, item, turn, attempt);
    if (kind) counter.count(kind);
    switch (kind) {
      case undefined:
        return { content: answer(item) };
      case "schema":
        return { content: schemaViolation(item) };
      case "429":
        return { status: 429, retryAfter: 1, retryAfterMs: 2 };
      case "500":
      case "503":
        return { status: Number(kind) };
      case "hang":
        return { hang: true };
      case "malformed":
        return { malformed: true };
      case "drop":
        return { drop: true };
    }
  };
}

export interface Prediction {
  readonly requests: number;
  readonly faults: number;
  /** Items that fail for good: retries or repair turns used up. */
  readonly failedItems: readonly number[];
}

/** What a run of `ns` must do under `plan` with `retries` and `repairTurns` (the runtime's defaults: 6 and 2). */
export function predict(plan: FaultPlan, ns: readonly number[], retries = 6, repairTurns = 2): Prediction {
  let requests = 0;
  let faults = 0;
  const failedItems: number[] = [];
  for (const item of ns) {
    let turn = 0;
    let attempt = 1;
    for (;;) {
      requests++;
      const kind = faultOf(plan, item, turn, attempt);
      if (kind === undefined) break;
      faults++;
      if (kind === "schema") {
        if (turn >= repairTurns) {
          failedItems.push(item);
          break;
        }
        turn++;
        attempt = 1;
      } else if (attempt > retries) {
        failedItems.push(item);
        break;
      } else {
        attempt++;
      }
    }
  }
  return { requests, faults, failedItems };
}
