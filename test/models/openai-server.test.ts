// The scripted test server itself: counting, recording, reset and bounded close.
import { describe, expect, it } from "vitest";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import type { CallInfo } from "../../runtime/models/provider.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";

const info = (timeoutMs?: number): CallInfo => ({ path: "p", worker: "w", signal: new AbortController().signal, ...(timeoutMs ? { timeoutMs } : {}) });

describe("startOpenAIServer", () => {
  it("counts requests in flight, records bodies and headers, and resets", async () => {
    const server = await startOpenAIServer({ handler: (body) => ({ content: `echo ${body.messages[0].content}` }), latencyMs: 50 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const provider = new OpenAIProvider({ apiKey: "sk-test-SECRET123", baseURL: server.url });
      const answers = await Promise.all(
        [0, 1, 2].map((i) => provider.complete({ model: "m", messages: [{ role: "user", content: `q${i}` }] }, info())),
      );
      expect(answers.map((a) => a.message.content)).toEqual(["echo q0", "echo q1", "echo q2"]);
      expect(server.inFlightMax).toBe(3);
      expect(server.inFlight).toBe(0);
      expect(server.requests.map((r) => r.index).sort()).toEqual([0, 1, 2]);
      expect(server.requests[0]!.authorization).toBe("Bearer sk-test-SECRET123");
      expect(server.requests[0]!.headers["content-type"]).toContain("application/json");
      server.reset();
      expect(server.requests).toHaveLength(0);
      expect(server.inFlightMax).toBe(0);
      await provider.complete({ model: "m", messages: [{ role: "user", content: "again" }] }, info());
      expect(server.requests.map((r) => r.index)).toEqual([0]);
      expect(server.inFlightMax).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("close() ends hanging requests and returns promptly", async () => {
    const server = await startOpenAIServer({ handler: () => ({ hang: true }) });
    const provider = new OpenAIProvider({ apiKey: "k".repeat(10), baseURL: server.url });
    const pending = provider.complete({ model: "m", messages: [] }, info(60_000)).catch((e: Error) => e);
    while (server.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    const error = await pending;
    expect(error).toMatchObject({ name: "ModelError", retryable: true });
  });

  it("answers unknown routes with 404 and scripts usage and finish_reason", async () => {
    const server = await startOpenAIServer({
      handler: () => ({ content: "cut", finishReason: "length", usage: { completion_tokens: 99 } }),
      usage: { prompt_tokens: 42 },
    });
    try {
      const res = await fetch(`${server.url}/models`);
      expect(res.status).toBe(404);
      const provider = new OpenAIProvider({ apiKey: "k".repeat(10), baseURL: server.url });
      const answer = await provider.complete({ model: "m", messages: [] }, info());
      expect(answer).toEqual({ message: { content: "cut" }, finish_reason: "length", usage: { prompt_tokens: 42, completion_tokens: 99 } });
    } finally {
      await server.close();
    }
  });
});
