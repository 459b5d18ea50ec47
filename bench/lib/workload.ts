// The trivial worker every side runs: the same system message, the same user
// message (the input as JSON), the same strict JSON-schema response format.
import { z } from "zod";

export const MODEL = "gpt-4.1-mini";
export const SYSTEM = "Reply with the number you are given. [op:echo]";
export const SUM_SYSTEM = "Add up the values you are given. [op:sum]";

// Every side sends the same bytes: the schema flowc makes for `echo_value`
// (named after the worker, described by the doc comment of `type Reply`).
export const REPLY_SCHEMA_NAME = "echo_value";
export const REPLY_DESCRIPTION = "The answer of the trivial worker.";

export const Reply = z.object({ value: z.number().int() }).describe(REPLY_DESCRIPTION);
export type Reply = z.infer<typeof Reply>;

export const REPLY_JSON_SCHEMA = {
  type: "object",
  properties: { value: { type: "integer" } },
  required: ["value"],
  additionalProperties: false,
  description: REPLY_DESCRIPTION,
} as const;

export const userMessage = (x: number): string => JSON.stringify({ x });

export function items(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

export function expectedSum(n: number): number {
  return (n * (n + 1)) / 2;
}

export function checkSum(label: string, values: readonly number[], n: number): void {
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.length !== n || sum !== expectedSum(n)) {
    throw new Error(`${label}: wrong results (${values.length} values, sum ${sum}, expected ${n} values summing to ${expectedSum(n)})`);
  }
}
