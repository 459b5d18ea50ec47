// The way back from OpenAI's strict mode (openai-strict.ts): a value the
// model wrote against the strict schema, turned into the value the plain
// schema describes. `null` in an optional field that does not itself allow
// null becomes absent; free-form values sent as JSON text are parsed.
import { refTarget, type JsonSchema } from "../json-schema.ts";
import { allowsNull, isFreeForm } from "./openai-strict.ts";

/**
 * A value the model wrote against the strict schema, turned back into the
 * value the plain schema describes: `null` in optional fields that do not
 * themselves allow null becomes absent, free-form values sent as JSON text
 * are parsed. Walks the value alongside the plain schema; returns a new value
 * (or the value itself when the schema has nothing to turn back).
 */
export function fromStrictValue(value: unknown, schema: JsonSchema): unknown {
  return hasNothingToDecode(schema) ? value : decode(value, schema, schema);
}

const identityCache = new WeakMap<JsonSchema, boolean>();

/**
 * True when decoding cannot change a value: no optional property and no
 * free-form value anywhere in the schema (the common `{value: int}` answer).
 * Checked once per schema, so such answers skip the walk.
 */
function hasNothingToDecode(schema: JsonSchema): boolean {
  let identity = identityCache.get(schema);
  if (identity === undefined) identityCache.set(schema, (identity = !anyNode(schema, (node) => needsDecoding(node, schema))));
  return identity;
}

function needsDecoding(node: JsonSchema, root: JsonSchema): boolean {
  if (isFreeForm(node, root)) return true;
  const properties = node.properties;
  if (properties === null || typeof properties !== "object") return false;
  const required = Array.isArray(node.required) ? node.required : [];
  return Object.keys(properties).some((key) => !required.includes(key));
}

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);
/** Keywords whose values map names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "$defs", "definitions", "patternProperties", "dependentSchemas"]);

/** True if `test` holds for the schema or any schema inside it (any other object value counts as one, to be safe). */
function anyNode(node: unknown, test: (node: JsonSchema) => boolean): boolean {
  if (node === null || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some((item) => anyNode(item, test));
  if (test(node as JsonSchema)) return true;
  return Object.entries(node).some(([key, value]) => {
    if (DATA_KEYWORDS.has(key)) return false;
    if (SCHEMA_MAPS.has(key) && value !== null && typeof value === "object") return Object.values(value).some((child) => anyNode(child, test));
    return anyNode(value, test);
  });
}

function decode(value: unknown, node: JsonSchema | undefined, root: JsonSchema): unknown {
  if (!node) return value;
  if (typeof value === "string" && isFreeForm(node, root)) return parseJsonText(value);
  if (value === null || typeof value !== "object") return value;
  const resolved = refTarget(root, node.$ref) ?? node;
  if (Array.isArray(value)) {
    const arraySchema = resolved.items !== undefined ? resolved : pickBranch(resolved, "array");
    const items = arraySchema?.items as JsonSchema | undefined;
    return items ? value.map((item) => decode(item, items, root)) : value;
  }
  const properties = resolved.properties as Record<string, JsonSchema> | undefined;
  if (!properties) {
    const branch = pickBranch(resolved, "object");
    return branch ? decode(value, branch, root) : value;
  }
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const propertySchema = properties[key];
    if (member === null && !required.has(key) && propertySchema && !allowsNull(propertySchema, root)) continue;
    out[key] = decode(member, propertySchema, root);
  }
  return out;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON after all: let the zod check report it
  }
}

function pickBranch(node: JsonSchema, type: "object" | "array"): JsonSchema | undefined {
  const branches = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  return branches?.find((branch) => branch.type === type || (type === "object" && branch.properties !== undefined));
}

