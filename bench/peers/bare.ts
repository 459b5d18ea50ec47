// The baseline: the official openai SDK, a plain bounded pool, JSON.parse and
// a zod check of each answer — what a careful hand-written loop does.
// `rawResponse` reads the SDK's raw response (`asResponse()`) and parses the
// body itself, as flowc's openai provider does: the same loop without the
// SDK's response-parsing step, to show the runtime's own cost on its own.
// It keeps what the flow returns, each item's parsed Reply, until the map is
// done, then takes the values, as flowc's runner (lib/flowc.ts) does: both
// sides hold the same results, so the memory figure compares what each loop
// adds to them (it kept only the numbers before, ~60 bytes an item less).
import OpenAI from "openai";
import { MODEL, REPLY_SCHEMA_NAME, REPLY_JSON_SCHEMA, Reply, SYSTEM, userMessage } from "../lib/workload.ts";
import { pool } from "../lib/stats.ts";

interface Completion {
  readonly choices: readonly { readonly message: { readonly content: string | null } }[];
}

export function bareRunner(baseURL: string, onDone?: () => void, { rawResponse = false } = {}) {
  const client = new OpenAI({ baseURL, apiKey: "bench", maxRetries: 0 });
  return async (xs: readonly number[], concurrency: number): Promise<number[]> => {
    const out = new Array<Reply>(xs.length);
    await pool(xs.length, concurrency, async (i) => {
      const sent = client.chat.completions.create({
        model: MODEL,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: userMessage(xs[i]!) },
        ],
        response_format: { type: "json_schema", json_schema: { name: REPLY_SCHEMA_NAME, schema: REPLY_JSON_SCHEMA, strict: true } },
      });
      const res: Completion = rawResponse ? JSON.parse(await (await sent.asResponse()).text()) : await sent;
      out[i] = Reply.parse(JSON.parse(res.choices[0]!.message.content ?? ""));
      onDone?.();
    });
    return out.map((r) => r.value);
  };
}
