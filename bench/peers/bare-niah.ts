// The NIAH work done by hand with the bare openai SDK: chunk the document in
// code, one request per chunk in a bounded pool, pick the first finding.
import OpenAI from "openai";
import { z } from "zod";
import { chunkLines } from "../lib/niah.ts";
import { pool } from "../lib/stats.ts";

const Finding = z.object({ found: z.boolean(), number: z.number().int() });
const SCHEMA = {
  type: "object",
  properties: { found: { type: "boolean" }, number: { type: "integer" } },
  required: ["found", "number"],
  additionalProperties: false,
} as const;
const INSTRUCTIONS =
  "If the text states the magic number, answer found = true and the number; otherwise found = false and 0.";

export function bareNiahRunner(baseURL: string) {
  const client = new OpenAI({ baseURL, apiKey: "bench", maxRetries: 0 });
  return async (document: string, concurrency: number): Promise<{ found: boolean; number: number }> => {
    const chunks = chunkLines(document, 100_000);
    const findings = new Array<{ found: boolean; number: number }>(chunks.length);
    await pool(chunks.length, concurrency, async (i) => {
      const res = await client.chat.completions.create({
        model: "gpt-4.1-mini",
        messages: [
          { role: "system", content: INSTRUCTIONS },
          { role: "user", content: chunks[i]! },
        ],
        response_format: { type: "json_schema", json_schema: { name: "Finding", schema: SCHEMA, strict: true } },
      });
      findings[i] = Finding.parse(JSON.parse(res.choices[0]!.message.content ?? ""));
    });
    return findings.find((f) => f.found) ?? { found: false, number: 0 };
  };
}
