// The openai provider over real HTTP (the official SDK against the scripted test server).
import { afterEach, describe, expect, it } from "vitest";
import { OpenAIProvider, parseRetryAfter } from "../../runtime/models/openai.ts";
import { ModelError } from "../../runtime/models/provider.ts";
import type { CallInfo, ChatRequest } from "../../runtime/models/provider.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";
import type { OpenAIServer, ScriptHandler } from "../../runtime/testing/openai-server.ts";

const KEY = "sk-test-SECRET123";
const servers: OpenAIServer[] = [];

async function serve(handler: ScriptHandler, extra: { latencyMs?: number } = {}): Promise<OpenAIServer> {
  const server = await startOpenAIServer({ handler, ...extra });
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function info(overrides: Partial<CallInfo> = {}): CallInfo {
  return { path: "flow/worker", worker: "worker", signal: new AbortController().signal, ...overrides };
}

const request: ChatRequest = {
  model: "gpt-test",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hello" },
  ],
  settings: { temperature: 0.2, top_p: 0.9 },
};

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error("expected the request to fail");
}

describe("openai provider: answers", () => {
  it("sends the settings as top-level fields and maps content, finish_reason and usage", async () => {
    const server = await serve(() => ({ content: "Hi.", usage: { prompt_tokens: 17, completion_tokens: 3 } }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const response = await provider.complete(request, info());
    expect(response).toEqual({ message: { content: "Hi." }, finish_reason: "stop", usage: { prompt_tokens: 17, completion_tokens: 3 } });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.url).toBe("/v1/chat/completions");
    expect(sent.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body).toMatchObject({ model: "gpt-test", messages: request.messages, temperature: 0.2, top_p: 0.9 });
    // Nothing added (the SDK's default is a whole answer).
    expect(Object.keys(sent.body)).toEqual(["model", "messages", "temperature", "top_p"]);
  });

  it("turns off a `stream` setting: the runtime reads whole answers", async () => {
    const server = await serve(() => ({ content: "Hi." }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const streaming: ChatRequest = { ...request, settings: { stream: true } };
    const response = await provider.complete(streaming, info());
    expect(response.message).toEqual({ content: "Hi." });
    expect(server.requests[0]!.body.stream).toBe(false);
    expect(streaming.settings!.stream).toBe(true);
  });

  it("sends tools and the output schema in strict mode and maps tool calls", async () => {
    const server = await serve(() => ({ toolCalls: [{ name: "market_size", arguments: { sector: "fintech" }, id: "call_1" }] }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const parameters = { type: "object", properties: { sector: { type: "string" } }, required: ["sector"] };
    const withTools: ChatRequest = {
      ...request,
      tools: [{ name: "market_size", description: "d", parameters }],
      output: { name: "out", schema: { type: "object", properties: { note: { type: "string" } } } },
    };
    const response = await provider.complete(withTools, info());
    expect(response).toEqual({
      message: {
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "market_size", arguments: '{"sector":"fintech"}' } }],
      },
      finish_reason: "tool_calls",
      usage: { prompt_tokens: 10, completion_tokens: 5 },
    });
    expect(server.requests[0]!.body.tools).toEqual([
      { type: "function", function: { name: "market_size", description: "d", parameters: { ...parameters, additionalProperties: false }, strict: true } },
    ]);
    expect(server.requests[0]!.body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "out",
        schema: { type: "object", properties: { note: { type: ["string", "null"] } }, required: ["note"], additionalProperties: false },
        strict: true,
      },
    });
  });

  it("answers as the model wrote them; decodeValue turns strict-mode values into the plain schema's (an optional null is absent, JSON text is parsed)", async () => {
    const server = await serve(() => ({ content: '{"note":null,"n":1}' }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const optionalNote = { type: "object", properties: { n: { type: "integer" }, note: { type: "string" } }, required: ["n"] };
    const answer = await provider.complete({ ...request, output: { name: "out", schema: optionalNote } }, info());
    expect(answer.message.content).toBe('{"note":null,"n":1}');
    expect(provider.decodeValue(JSON.parse(answer.message.content!), optionalNote)).toEqual({ n: 1 });
    const freeForm = { type: "object", properties: { data: {}, note: { type: "string" } }, required: ["data"] };
    expect(provider.decodeValue({ data: '{"a":1}', note: null }, freeForm)).toEqual({ data: { a: 1 } });
  });

  it("uses OPENAI_API_KEY and OPENAI_BASE_URL from the environment", async () => {
    const server = await serve(() => ({ content: "ok" }));
    const provider = new OpenAIProvider({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.url } });
    expect(provider.host).toBe(new URL(server.url).host);
    await provider.complete(request, info());
    expect(server.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
  });

  it("works against a local server with a base URL and no key", async () => {
    const server = await serve(() => ({ content: "ok" }));
    const provider = new OpenAIProvider({ env: { OPENAI_BASE_URL: server.url } });
    expect((await provider.complete(request, info())).message.content).toBe("ok");
    expect(server.requests[0]!.authorization).toBe("Bearer no-key");
  });

  it("refuses to start without a key or a base URL, saying what to set", () => {
    expect(() => new OpenAIProvider({ env: {} })).toThrowError(
      "No model credentials: set OPENAI_API_KEY (export OPENAI_API_KEY=sk-...) to use the OpenAI API, " +
        "or set OPENAI_BASE_URL to an OpenAI-compatible server (e.g. OPENAI_BASE_URL=http://localhost:11434/v1 for Ollama), " +
        "or run offline from a recording with `--replay <file.jsonl>`.",
    );
  });
});

describe("openai provider: errors become ModelError", () => {
  it("429 with Retry-After (seconds) is retryable with retryAfterMs", async () => {
    const server = await serve(() => ({ status: 429, retryAfter: 1 }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const error = await failure(provider.complete(request, info()));
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(1000);
    expect(error.message).toBe(
      `Model request failed with HTTP 429 (model gpt-test at ${new URL(server.url).host}): Rate limit reached. Please try again later.`,
    );
    // The SDK must not retry on its own: retries are the scheduler's job.
    expect(server.requests).toHaveLength(1);
  });

  it("retry-after-ms wins over retry-after", async () => {
    const server = await serve(() => ({ status: 429, retryAfter: 5, retryAfterMs: 250 }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const error = await failure(provider.complete(request, info()));
    expect(error.retryAfterMs).toBe(250);
  });

  it("500 is retryable, without retryAfterMs, and not retried by the SDK", async () => {
    const server = await serve(() => ({ status: 500 }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const error = await failure(provider.complete(request, info()));
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toContain("HTTP 500");
    expect(server.requests).toHaveLength(1);
  });

  it("503 and 408 are retryable; 400, 401 and 404 are not", async () => {
    const statuses = [503, 408, 400, 401, 404];
    const server = await serve((_body, index) => ({ status: statuses[index]! }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const results = [];
    for (const status of statuses) {
      const error = await failure(provider.complete(request, info()));
      results.push([error.status, error.retryable]);
      expect(error.status).toBe(status);
    }
    expect(results).toEqual([
      [503, true],
      [408, true],
      [400, false],
      [401, false],
      [404, false],
    ]);
  });

  it("a 401 says to check OPENAI_API_KEY", async () => {
    const server = await serve(() => ({ status: 401 }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const error = await failure(provider.complete(request, info()));
    expect(error.message).toMatch(/HTTP 401 .*Check OPENAI_API_KEY\.$/);
  });

  it("a request that gets no answer times out after CallInfo.timeoutMs (retryable)", async () => {
    const server = await serve(() => ({ hang: true }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const started = Date.now();
    const error = await failure(provider.complete(request, info({ timeoutMs: 200 })));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`Model request timed out after 200 ms (model gpt-test at ${new URL(server.url).host}).`);
  });

  it("the provider's default timeout applies when CallInfo has none", async () => {
    const server = await serve(() => ({ hang: true }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url, timeoutMs: 150 });
    const error = await failure(provider.complete(request, info()));
    expect(error.message).toContain("timed out after 150 ms");
  });

  it("connection refused is a retryable connection error", async () => {
    const server = await startOpenAIServer({ handler: () => ({ content: "never" }) });
    const url = server.url;
    await server.close();
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: url });
    const error = await failure(provider.complete(request, info()));
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Could not connect to the model server \(model gpt-test at 127\.0\.0\.1:\d+\): .*ECONNREFUSED.*Check OPENAI_BASE_URL/);
  });

  it("a malformed JSON body is a retryable ModelError with a clear message", async () => {
    const server = await serve(() => ({ malformed: true }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const error = await failure(provider.complete(request, info()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/^The model server returned a malformed JSON body \(model gpt-test at 127\.0\.0\.1:\d+\): /);
  });

  it("a completion sent as text/plain (some local servers do) is read all the same", async () => {
    const server = await serve(() => ({ content: '{"answer":42}', headers: { "content-type": "text/plain; charset=utf-8" } }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const response = await provider.complete(request, info());
    expect(response).toEqual({ message: { content: '{"answer":42}' }, finish_reason: "stop", usage: { prompt_tokens: 10, completion_tokens: 5 } });
  });

  it("a JSON body that is not a chat completion is a retryable ModelError", async () => {
    const server = await serve(() => ({ raw: { hello: "world" } }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const error = await failure(provider.complete(request, info()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('without choices[0].message');
    expect(error.message).toContain('{\\"hello\\":\\"world\\"}');
  });

  it("aborting the CallInfo signal rejects with the signal's reason and closes the request", async () => {
    const server = await serve(() => ({ hang: true }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const controller = new AbortController();
    const reason = new Error("sibling failed");
    const pending = provider.complete(request, info({ signal: controller.signal }));
    await waitFor(() => server.inFlight === 1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await waitFor(() => server.inFlight === 0);
  });

  it("an already aborted signal sends nothing", async () => {
    const server = await serve(() => ({ content: "x" }));
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const controller = new AbortController();
    controller.abort();
    await expect(provider.complete(request, info({ signal: controller.signal }))).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("parseRetryAfter", () => {
  const headers = (init: Record<string, string>) => new Headers(init);
  it("reads seconds, fractional seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfter(headers({ "retry-after": "0.5" }))).toBe(500);
    expect(parseRetryAfter(headers({ "retry-after-ms": "120", "retry-after": "9" }))).toBe(120);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ "retry-after": "garbage" }))).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
