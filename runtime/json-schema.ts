// JSON Schema of a callable's input or output, as the core hands it to model
// providers: zod's own JSON Schema (draft 2020-12), with the root `$ref`
// inlined so the root is a real object schema. Provider-neutral: what a
// provider's wire format needs on top (OpenAI's strict mode) is the
// provider's business (runtime/models/openai-strict.ts).
import { z } from "zod";
import type { JsonSchema } from "./models/provider.ts";

export type { JsonSchema };

const plainCache = new WeakMap<z.ZodType, JsonSchema>();

/** zod → JSON Schema, cached per schema (so the same zod schema always gives the same object). */
export function plainJsonSchema(schema: z.ZodType): JsonSchema {
  let cached = plainCache.get(schema);
  if (!cached) {
    const raw = z.toJSONSchema(schema, { unrepresentable: "any" }) as JsonSchema;
    const { $schema: _dialect, ...rest } = raw;
    cached = inlineRootRef(rest);
    plainCache.set(schema, cached);
  }
  return cached;
}

function inlineRootRef(root: JsonSchema): JsonSchema {
  const target = refTarget(root, root.$ref);
  if (!target) return root;
  const { $ref: _ref, ...rest } = root;
  return { ...target, ...rest };
}

/** The schema a `#/$defs/...` reference points to, in `root`. */
export function refTarget(root: JsonSchema, ref: unknown): JsonSchema | undefined {
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return undefined;
  const defs = root.$defs as Record<string, JsonSchema> | undefined;
  return defs?.[ref.slice("#/$defs/".length)];
}
