// OpenAI's strict mode, for response_format and tool parameters: every
// property required (optional ones nullable), no extra properties, and
// free-form values (`json`, records keyed by any string, unknown), which
// strict mode cannot express, sent as JSON text. The values the model writes
// against such a schema are turned back by openai-strict-values.ts.
import { refTarget, type JsonSchema } from "../json-schema.ts";

const SAFE_INT = Number.MAX_SAFE_INTEGER;
const SCALARS = new Set(["string", "number", "integer", "boolean"]);
const strictCache = new WeakMap<JsonSchema, JsonSchema>();

/** The strict-mode form of a plain schema (cached per schema object). */
export function strictJsonSchema(plain: JsonSchema): JsonSchema {
  let cached = strictCache.get(plain);
  if (!cached) {
    cached = toStrict(plain, plain);
    strictCache.set(plain, cached);
  }
  return cached;
}

function toStrict(node: unknown, root: JsonSchema): JsonSchema {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return node as JsonSchema;
  const schema = node as JsonSchema;
  if (isFreeForm(schema, root)) return jsonText(schema);
  const strict = (child: unknown) => toStrict(child, root);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // Keywords strict mode rejects, and zod's default safe-integer bounds (noise).
    if (key === "propertyNames") continue;
    if ((key === "minimum" && value === -SAFE_INT) || (key === "maximum" && value === SAFE_INT)) continue;
    if (key === "properties" || key === "$defs") out[key] = mapValues(value as Record<string, unknown>, strict);
    else if (key === "items" || (key === "additionalProperties" && typeof value === "object")) out[key] = strict(value);
    else if (key === "anyOf" || key === "oneOf" || key === "allOf" || key === "prefixItems") out[key] = (value as unknown[]).map(strict);
    else out[key] = value;
  }
  if (out.properties && typeof out.properties === "object") {
    const properties = out.properties as Record<string, JsonSchema>;
    const plainProperties = schema.properties as Record<string, JsonSchema>;
    const required = new Set((out.required as string[] | undefined) ?? []);
    for (const key of Object.keys(properties)) {
      // An optional field that already allows null stays as it is: its null means null.
      if (!required.has(key) && !allowsNull(plainProperties[key]!, root)) properties[key] = nullable(properties[key]!);
    }
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Free-form values cannot be expressed in strict mode, which needs every
 * object's properties listed. They travel as JSON text instead.
 */
export function isFreeForm(node: JsonSchema, root: JsonSchema, seen = new Set<JsonSchema>()): boolean {
  const resolved = refTarget(root, node.$ref) ?? node;
  if (seen.has(resolved)) return false;
  seen.add(resolved);
  if (resolved.type === "object" && resolved.properties === undefined) return true;
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches) return branches.some((branch) => isFreeForm(branch, root, seen));
  const meaningful = Object.keys(resolved).filter((k) => k !== "description" && k !== "$defs" && k !== "title");
  return meaningful.length === 0;
}

/** True when the schema accepts null by itself. */
export function allowsNull(node: JsonSchema, root: JsonSchema): boolean {
  const resolved = refTarget(root, node.$ref) ?? node;
  if (resolved.type === "null" || (Array.isArray(resolved.type) && resolved.type.includes("null"))) return true;
  if (resolved.const === null || (Array.isArray(resolved.enum) && resolved.enum.includes(null))) return true;
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches) return branches.some((branch) => allowsNull(branch, root));
  return Object.keys(resolved).filter((k) => k !== "description" && k !== "$defs").length === 0;
}

function jsonText(node: JsonSchema): JsonSchema {
  const note = "A JSON value, written as JSON text.";
  return { type: "string", description: typeof node.description === "string" ? `${node.description} (${note})` : note };
}

function nullable(schema: JsonSchema): JsonSchema {
  // `type: [t, "null"]` for scalars; objects and arrays get the plainer anyOf form.
  const simpleType =
    typeof schema.type === "string" && SCALARS.has(schema.type) && schema.enum === undefined && schema.const === undefined;
  if (simpleType) return { ...schema, type: [schema.type, "null"] };
  const { description, ...rest } = schema;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: "null" }] };
}

function mapValues(record: Record<string, unknown>, fn: (value: unknown) => JsonSchema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [key, value] of Object.entries(record)) out[key] = fn(value);
  return out;
}
