// JSON Schema for models: zod's schema made acceptable to OpenAI strict mode
// (every property required, optional ones nullable, no extra properties,
// free-form values as JSON text), and the way back: nulls the model sent for
// optional fields become absent again and JSON text is parsed.
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

const SAFE_INT = Number.MAX_SAFE_INTEGER;
const SCALARS = new Set(["string", "number", "integer", "boolean"]);
const plainCache = new WeakMap<z.ZodType, JsonSchema>();
const strictCache = new WeakMap<z.ZodType, JsonSchema>();

/** zod → JSON Schema (draft 2020-12), root `$ref` inlined so the root is a real object schema. */
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

/** The OpenAI strict-mode form of a schema (for response_format and tool parameters). */
export function strictJsonSchema(schema: z.ZodType): JsonSchema {
  let cached = strictCache.get(schema);
  if (!cached) {
    const plain = plainJsonSchema(schema);
    cached = toStrict(plain, plain);
    strictCache.set(schema, cached);
  }
  return cached;
}

function inlineRootRef(root: JsonSchema): JsonSchema {
  const target = refTarget(root, root.$ref);
  if (!target) return root;
  const { $ref: _ref, ...rest } = root;
  return { ...target, ...rest };
}

function refTarget(root: JsonSchema, ref: unknown): JsonSchema | undefined {
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return undefined;
  const defs = root.$defs as Record<string, JsonSchema> | undefined;
  return defs?.[ref.slice("#/$defs/".length)];
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
 * Free-form values (`json`, records keyed by any string, unknown) cannot be
 * expressed in strict mode, which needs every object's properties listed.
 * They travel as JSON text instead and are parsed back on the way in.
 */
function isFreeForm(node: JsonSchema, root: JsonSchema, seen = new Set<JsonSchema>()): boolean {
  const resolved = refTarget(root, node.$ref) ?? node;
  if (seen.has(resolved)) return false;
  seen.add(resolved);
  if (resolved.type === "object" && resolved.properties === undefined) return true;
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches) return branches.some((branch) => isFreeForm(branch, root, seen));
  const meaningful = Object.keys(resolved).filter((k) => k !== "description" && k !== "$defs" && k !== "title");
  return meaningful.length === 0;
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

/**
 * A value the model wrote against the strict schema, turned back into the
 * value the plain schema describes: `null` in optional fields that do not
 * themselves allow null becomes absent, free-form values sent as JSON text
 * are parsed. Walks the value alongside the plain schema; returns a new value
 * (or the value itself when the schema has nothing to turn back).
 */
export function fromStrictValue(value: unknown, schema: JsonSchema): unknown {
  return strictValueDecoder(schema)(value);
}

/** `fromStrictValue` for one schema, decided once: for a worker's answers, read on every call. */
export function strictValueDecoder(schema: JsonSchema): (value: unknown) => unknown {
  return hasNothingToDecode(schema) ? (value) => value : (value) => decode(value, schema, schema);
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

function allowsNull(node: JsonSchema, root: JsonSchema): boolean {
  const resolved = refTarget(root, node.$ref) ?? node;
  if (resolved.type === "null" || (Array.isArray(resolved.type) && resolved.type.includes("null"))) return true;
  if (resolved.const === null || (Array.isArray(resolved.enum) && resolved.enum.includes(null))) return true;
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches) return branches.some((branch) => allowsNull(branch, root));
  return Object.keys(resolved).filter((k) => k !== "description" && k !== "$defs").length === 0;
}
