// The identity of a model request, for `record` and `replay`: the sha256 of
// the request's chat-completions body (openai-chat.ts) as stable JSON (object
// keys sorted, `undefined` left out), so two requests get the same key exactly
// when an OpenAI-compatible server would see the same body.
import { createHash } from "node:crypto";
import type { OpenAIChatRequest } from "./openai-chat.ts";
import type { ChatMessage } from "./provider.ts";

/**
 * JSON with object keys sorted at every level. Properties whose value is
 * `undefined` (or a function/symbol) are left out, as in `JSON.stringify`;
 * inside arrays they become `null`. Non-finite numbers become `null`.
 */
export function stableStringify(value: unknown): string {
  const out = encode(value, new Set());
  return out === undefined ? "null" : out;
}

function encode(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return JSON.stringify(value.toString());
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === "function") {
    return encode((object as { toJSON: () => unknown }).toJSON(), seen);
  }
  if (seen.has(object)) throw new TypeError("stableStringify: circular structure");
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item) => encode(item, seen) ?? "null").join(",")}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(object).sort()) {
      const encoded = encode((object as Record<string, unknown>)[key], seen);
      if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(object);
  }
}

/** The request as plain JSON data: keys sorted, `undefined` left out. */
export function normalizeRequest(request: OpenAIChatRequest): Record<string, unknown> {
  return JSON.parse(stableStringify(request)) as Record<string, unknown>;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The key of a request: sha256 (hex) of its stable JSON. Covers `model`,
 * `messages`, `tools`, `response_format`, `temperature` and every other setting.
 */
export function requestKey(request: OpenAIChatRequest): string {
  return sha256(stableStringify(request));
}

/** A short digest of the messages (first 12 hex digits of their sha256), for error messages. */
export function messagesDigest(messages: readonly ChatMessage[]): string {
  return sha256(stableStringify(messages)).slice(0, 12);
}
