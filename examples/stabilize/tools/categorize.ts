// categorize, stabilized: the rules the model was following, written as code.
// Same signature as the worker in worker_version.flow, so no call site changes.

export type Category = "billing" | "bug" | "feature_request" | "other";

const RULES: readonly (readonly [Category, RegExp])[] = [
  ["billing", /\b(invoice|charged?|refund|payment|billing|card)\b/i],
  ["bug", /\b(crash(es|ed)?|error|broken|fails?|bug|500)\b/i],
  ["feature_request", /\b(could you add|please add|feature|would love|wish)\b/i],
];

export function categorize(input: { ticket: { id: number; text: string } }): Category {
  for (const [category, pattern] of RULES) if (pattern.test(input.ticket.text)) return category;
  return "other";
}
