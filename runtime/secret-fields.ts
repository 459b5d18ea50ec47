// Tool arguments that are credentials: fields marked secret in the schema
// (`z.string().meta({ secret: true })`) or named like one (`password`,
// `api_key`, `githubToken`, `Authorization`, ...). Their values are masked
// wherever arguments are shown (approval events and prompts, traced tool
// calls) and registered as secrets, so no trace, recording, error or
// terminal line shows them.
import type { z } from "zod";
import { REDACTED, registerSecret } from "./redact.ts";

// A name is a credential's when, lower-cased without `_`/`-`, it is or ends
// with one of these: `db_password`, `clientSecret`, `x-api-key`. `max_tokens`
// and `author` are not.
const CREDENTIAL_NAMES = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "apikey",
  "accesskey",
  "secretkey",
  "privatekey",
  "authorization",
  "auth",
  "credential",
  "credentials",
  "cookie",
  "sessionid",
];

export function isSecretFieldName(name: string): boolean {
  const plain = name.toLowerCase().replace(/[_\-\s.]/g, "");
  return CREDENTIAL_NAMES.some((word) => plain === word || plain.endsWith(word));
}

type Schema = z.ZodType | undefined;

interface SchemaDef {
  readonly type?: string;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
}

function defOf(schema: Schema): SchemaDef | undefined {
  return (schema as unknown as { def?: SchemaDef } | undefined)?.def;
}

/** True when the field's schema (or a wrapper's: optional, nullable, default) carries `meta({ secret: true })`. */
function markedSecret(schema: Schema): boolean {
  for (let current = schema, depth = 0; current && depth < 8; current = defOf(current)?.innerType, depth++) {
    const meta = (current as unknown as { meta?: () => Record<string, unknown> | undefined }).meta?.();
    if (meta?.secret === true) return true;
  }
  return false;
}

/** The schema under wrappers (optional, nullable, default, readonly). */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current && defOf(current)?.innerType && depth < 8; depth++) current = defOf(current)!.innerType;
  return current;
}

function fieldSchema(schema: Schema, key: string): Schema {
  const shape = defOf(unwrap(schema))?.shape;
  return shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
}

function elementSchema(schema: Schema): Schema {
  return defOf(unwrap(schema))?.element;
}

/**
 * A copy of `value` with every secret field's value replaced by `[REDACTED]`
 * (at any depth). `onSecret` sees each value masked. Values without a secret
 * field come back as they are (the same object).
 */
export function maskSecretFields(value: unknown, schema?: z.ZodType, onSecret?: (secret: unknown) => void): unknown {
  const walk = (v: unknown, s: Schema): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((item) => walk(item, elementSchema(s)));
      return items.some((item, i) => item !== v[i]) ? items : v;
    }
    if (v === null || typeof v !== "object") return v;
    let out: Record<string, unknown> | undefined;
    for (const [key, inner] of Object.entries(v)) {
      const field = fieldSchema(s, key);
      let next: unknown;
      if (inner !== undefined && inner !== null && (isSecretFieldName(key) || markedSecret(field))) {
        onSecret?.(inner);
        next = REDACTED;
      } else {
        next = walk(inner, field);
      }
      if (next !== inner) (out ??= { ...(v as Record<string, unknown>) })[key] = next;
    }
    return out ?? v;
  };
  return walk(value, schema);
}

const mayHold = new WeakMap<object, boolean>();

/**
 * Whether values of this schema can have a secret field: one named or marked
 * so, or keys the schema does not fix (a record, `unknown`). Worked out once
 * per schema, so a tool without such fields costs a lookup per call.
 */
export function mayHoldSecretFields(schema: z.ZodType): boolean {
  let known = mayHold.get(schema);
  if (known === undefined) mayHold.set(schema, (known = schemaMayHold(schema, 0)));
  return known;
}

const PLAIN_TYPES = new Set(["string", "number", "boolean", "bigint", "symbol", "null", "undefined", "void", "never", "date", "nan", "enum", "literal", "template_literal"]);
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"]);

function schemaMayHold(schema: Schema, depth: number): boolean {
  const def = defOf(schema) as (SchemaDef & { options?: z.ZodType[]; items?: z.ZodType[]; rest?: z.ZodType; catchall?: z.ZodType }) | undefined;
  if (!def?.type || depth > 32) return true;
  if (PLAIN_TYPES.has(def.type)) return false;
  if (WRAPPERS.has(def.type)) return schemaMayHold(def.innerType, depth + 1);
  switch (def.type) {
    case "object":
      if (def.catchall && defOf(def.catchall)?.type !== "never") return true;
      return Object.entries(def.shape ?? {}).some(([key, field]) => isSecretFieldName(key) || markedSecret(field) || schemaMayHold(field, depth + 1));
    case "array":
      return schemaMayHold(def.element, depth + 1);
    case "union":
      return (def.options ?? []).some((option) => schemaMayHold(option, depth + 1));
    case "tuple":
      return (def.items ?? []).some((item) => schemaMayHold(item, depth + 1)) || (def.rest !== undefined && schemaMayHold(def.rest, depth + 1));
    default:
      return true; // record, any, unknown, lazy, pipe, ...: keys not fixed, so look at the value
  }
}

/** Registers the strings inside the secret fields of a tool's arguments (so they are scrubbed by value everywhere). */
export function registerSecretFields(value: unknown, schema?: z.ZodType): void {
  maskSecretFields(value, schema, registerStrings);
}

function registerStrings(value: unknown): void {
  if (typeof value === "string") registerSecret(value);
  else if (Array.isArray(value)) value.forEach(registerStrings);
  else if (value !== null && typeof value === "object") Object.values(value).forEach(registerStrings);
}

/** Tool calls in a worker's traced messages, with their secret arguments masked. */
export function maskToolCallMessages(messages: readonly unknown[]): readonly unknown[] {
  return messages.map((message) => {
    const calls = (message as { tool_calls?: readonly { function: { name: string; arguments: string } }[] }).tool_calls;
    if (!calls || calls.length === 0) return message;
    return { ...(message as object), tool_calls: calls.map((call) => ({ ...call, function: { ...call.function, arguments: maskArgumentsText(call.function.arguments) } })) };
  });
}

function maskArgumentsText(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text; // not JSON: the worker loop answers it as an error, no field to mask
  }
  const masked = maskSecretFields(parsed);
  return masked === parsed ? text : JSON.stringify(masked);
}
