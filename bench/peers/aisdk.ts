// The Vercel AI SDK: `generateObject` per item with a p-limit concurrency limiter,
// against the same server through the OpenAI provider's chat-completions model.
import { createOpenAI } from "@ai-sdk/openai";
import { generateObject } from "ai";
import pLimit from "p-limit";
import { MODEL, REPLY_SCHEMA_NAME, Reply, SYSTEM, userMessage } from "../lib/workload.ts";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export function aisdkRunner(baseURL: string) {
  const provider = createOpenAI({ baseURL, apiKey: "bench" });
  const model = provider.chat(MODEL);
  return async (xs: readonly number[], concurrency: number): Promise<number[]> => {
    const limit = pLimit(concurrency);
    return Promise.all(
      xs.map((x) =>
        limit(async () => {
          const { object } = await generateObject({
            model,
            schema: Reply,
            schemaName: REPLY_SCHEMA_NAME,
            system: SYSTEM,
            prompt: userMessage(x),
            maxRetries: 0,
          });
          return object.value;
        }),
      ),
    );
  };
}
