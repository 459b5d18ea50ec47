// How a worker's result type is requested from the model and read back:
// a record → its own JSON schema; `string` → plain text; anything else →
// wrapped as `{"result": ...}` and unwrapped after validation. The schema
// goes to the provider as it is; how the provider asks for it (OpenAI's
// strict mode) and reads the answer back is the provider's business.
import { z } from "zod";
import type { ModelProvider, OutputSchema } from "./models/provider.ts";
import { describeIssues, fieldIssues } from "./errors.ts";
import { plainJsonSchema, type JsonSchema } from "./json-schema.ts";

export type ResultKind = "text" | "record" | "wrapped";

export type ParsedOutput<Out> = { readonly ok: true; readonly value: Out } | { readonly ok: false; readonly problem: string };

export interface OutputPlan<Out> {
  readonly kind: ResultKind;
  /** The answer's schema; absent for plain text results. */
  readonly output?: OutputSchema;
  /** Parses the model's final message content, decodes it (the provider's `decodeValue`) and validates it. */
  parse(content: string | null, provider: ModelProvider, model?: string): ParsedOutput<Out>;
}

const plans = new WeakMap<z.ZodType, OutputPlan<unknown>>();

export function outputPlan<Out>(workerName: string, output: z.ZodType<Out>): OutputPlan<Out> {
  let plan = plans.get(output);
  if (!plan) {
    plan = buildPlan(workerName, output as z.ZodType<unknown>);
    plans.set(output, plan);
  }
  return plan as OutputPlan<Out>;
}

export function resultKind(schema: JsonSchema): ResultKind {
  if (schema.type === "string" && schema.enum === undefined && schema.const === undefined && schema.format === undefined) {
    return "text";
  }
  if (schema.type === "object" && schema.properties !== undefined) return "record";
  return "wrapped";
}

function buildPlan(workerName: string, output: z.ZodType<unknown>): OutputPlan<unknown> {
  const kind = resultKind(plainJsonSchema(output));
  if (kind === "text") return { kind, parse: (content) => parseText(output, content) };
  const target = kind === "record" ? output : z.object({ result: output });
  const schema: OutputSchema = { name: schemaName(workerName), schema: plainJsonSchema(target) };
  return {
    kind,
    output: schema,
    parse(content, provider, model) {
      const parsed = parseJson(content);
      if (!parsed.ok) return parsed;
      const result = target.safeParse(provider.decodeValue ? provider.decodeValue(parsed.value, schema.schema, model) : parsed.value);
      if (!result.success) return { ok: false, problem: `it does not match the schema: ${describeIssues(fieldIssues(result.error))}` };
      const value = kind === "record" ? result.data : (result.data as { result: unknown }).result;
      return { ok: true, value };
    },
  };
}

function parseText(output: z.ZodType<unknown>, content: string | null): ParsedOutput<unknown> {
  if (content === null) return { ok: false, problem: "the answer was empty" };
  const result = output.safeParse(content);
  if (!result.success) return { ok: false, problem: describeIssues(fieldIssues(result.error)) };
  return { ok: true, value: result.data };
}

const NOT_SPACE = /\S/;

function parseJson(content: string | null): ParsedOutput<unknown> {
  // A regex, not trim(): it stops at the first non-space character instead of copying the answer.
  if (content === null || !NOT_SPACE.test(content)) return { ok: false, problem: "the answer was empty; a JSON value was expected" };
  try {
    return { ok: true, value: JSON.parse(content) };
  } catch (error) {
    return { ok: false, problem: `it is not valid JSON (${(error as Error).message})` };
  }
}

/** Providers want `^[a-zA-Z0-9_-]{1,64}$` (OpenAI's schema name, Anthropic's tool name). */
function schemaName(workerName: string): string {
  return workerName.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "result";
}
