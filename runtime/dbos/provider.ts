// The provider a call runs with on DBOS: it counts each request against the
// run's maxCalls in Postgres before sending it (so the budget holds across
// processes), and keeps each answer's usage for the call's record.
import { BudgetExceededError } from "../errors.ts";
import type { CallInfo, ChatRequest, ChatResponse, ModelProvider } from "../models/provider.ts";
import type { UsageRecord } from "../usage.ts";
import type { Engine } from "./engine.ts";
import { reserveRequest } from "./tables.ts";

export function countedProvider(
  engine: Engine,
  inner: ModelProvider,
  runId: string,
  maxCalls: number | undefined,
  usage: { record: Omit<UsageRecord, "depth">; path: string }[],
): ModelProvider {
  return {
    name: inner.name,
    async complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
      if (maxCalls !== undefined) {
        const reserved = await reserveRequest(engine.pool, runId, maxCalls);
        if (!reserved.ok) throw new BudgetExceededError("maxCalls", maxCalls, { requests: reserved.sent, calls: reserved.sent, tokens: 0, usd: 0 });
      }
      const response = await inner.complete(request, info);
      usage.push({
        path: info.path,
        record: {
          worker: info.worker,
          model: request.model,
          promptTokens: response.usage?.prompt_tokens ?? 0,
          completionTokens: response.usage?.completion_tokens ?? 0,
        },
      });
      return response;
    },
  };
}
