import { describe, expect, it } from "vitest";
import type { OpenAIChatRequest as ChatRequest } from "../../runtime/models/openai-chat.ts";
import { messagesDigest, normalizeRequest, requestKey, sha256, stableStringify } from "../../runtime/models/request-key.ts";

describe("stableStringify", () => {
  it("sorts keys at every level and leaves out undefined", () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: undefined } })).toBe('{"a":{"d":[1,{"z":1}]},"b":1}');
    expect(stableStringify([undefined, NaN, "x"])).toBe('[null,null,"x"]');
    expect(stableStringify(undefined)).toBe("null");
  });

  it("rejects cycles", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => stableStringify(a)).toThrow(/circular/);
  });
});

describe("requestKey", () => {
  const base: ChatRequest = { model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0.2 };

  it("is the sha256 of the stable JSON of the whole request", () => {
    expect(requestKey(base)).toBe(sha256('{"messages":[{"content":"hi","role":"user"}],"model":"m","temperature":0.2}'));
    expect(requestKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores key order and undefined fields", () => {
    const reordered = { temperature: 0.2, messages: [{ content: "hi", role: "user" }], model: "m", tools: undefined } as ChatRequest;
    expect(requestKey(reordered)).toBe(requestKey(base));
  });

  it("changes with the model, messages, tools, response format, temperature and other settings", () => {
    const keys = new Set([
      requestKey(base),
      requestKey({ ...base, model: "n" }),
      requestKey({ ...base, messages: [{ role: "user", content: "hi!" }] }),
      requestKey({ ...base, temperature: 0.3 }),
      requestKey({ ...base, top_p: 0.5 }),
      requestKey({ ...base, response_format: { type: "text" } }),
      requestKey({ ...base, tools: [{ type: "function", function: { name: "t", description: "", parameters: {} } }] }),
    ]);
    expect(keys.size).toBe(7);
  });

  it("normalizeRequest gives plain sorted data; messagesDigest is 12 hex digits", () => {
    expect(Object.keys(normalizeRequest({ ...base, tools: undefined }))).toEqual(["messages", "model", "temperature"]);
    expect(messagesDigest(base.messages)).toMatch(/^[0-9a-f]{12}$/);
  });
});
