// The baseline: the official openai SDK, a plain bounded pool, JSON.parse and
// a zod check of each answer — what a careful hand-written loop does.
import OpenAI from "openai";
import { MODEL, REPLY_SCHEMA_NAME, REPLY_JSON_SCHEMA, Reply, SYSTEM, userMessage } from "../lib/workload.ts";
import { pool } from "../lib/stats.ts";

export function bareRunner(baseURL: string, onDone?: () => void) {
  const client = new OpenAI({ baseURL, apiKey: "bench", maxRetries: 0 });
  return async (xs: readonly number[], concurrency: number): Promise<number[]> => {
    const out = new Array<number>(xs.length);
    await pool(xs.length, concurrency, async (i) => {
      const res = await client.chat.completions.create({
        model: MODEL,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: userMessage(xs[i]!) },
        ],
        response_format: { type: "json_schema", json_schema: { name: REPLY_SCHEMA_NAME, schema: REPLY_JSON_SCHEMA, strict: true } },
      });
      out[i] = Reply.parse(JSON.parse(res.choices[0]!.message.content ?? "")).value;
      onDone?.();
    });
    return out;
  };
}
