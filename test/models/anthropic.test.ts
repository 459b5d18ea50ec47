// The anthropic provider through the official SDK against a scripted Messages API server on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../runtime/models/anthropic.ts";
import type { CallInfo, ChatRequest } from "../../runtime/models/provider.ts";
import { startAnthropicServer } from "../../runtime/testing/anthropic-server.ts";
import type { AnthropicHandler, AnthropicServer } from "../../runtime/testing/anthropic-server.ts";

const info = (signal = new AbortController().signal): CallInfo => ({ path: "p", worker: "w", signal });
const servers: AnthropicServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function provider(handler: AnthropicHandler): Promise<{ server: AnthropicServer; anthropic: AnthropicProvider }> {
  const server = await startAnthropicServer(handler);
  servers.push(server);
  return { server, anthropic: new AnthropicProvider({ apiKey: "sk-ant-test-KEY123", baseURL: server.url }) };
}

const scoreSchema = { type: "object", properties: { score: { type: "integer" }, note: { type: "string" } }, required: ["score"], additionalProperties: false };
const structured: ChatRequest = {
  model: "claude-sonnet-4-5",
  messages: [
    { role: "system", content: "Score it." },
    { role: "user", content: "deck" },
  ],
  output: { name: "score_deck", schema: scoreSchema },
  settings: { temperature: 0.2 },
};

describe("AnthropicProvider", () => {
  it("sends the system prompt apart, asks for the answer through a forced tool and reads it back with usage incl. cache tokens", async () => {
    const { server, anthropic } = await provider(() => ({
      content: [{ type: "tool_use", id: "toolu_1", name: "score_deck", input: { score: 7 } }],
      usage: { input_tokens: 3, output_tokens: 9, cache_creation_input_tokens: 100, cache_read_input_tokens: 20 },
    }));
    const answer = await anthropic.complete(structured, info());
    expect(answer).toEqual({
      message: { content: '{"score":7}' },
      finish_reason: "stop",
      usage: { prompt_tokens: 123, completion_tokens: 9, cache_creation_tokens: 100, cache_read_tokens: 20 },
    });
    const sent = server.requests[0]!;
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-test-KEY123");
    expect(sent.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      temperature: 0.2,
      system: "Score it.",
      messages: [{ role: "user", content: "deck" }],
      tools: [{ name: "score_deck", description: "Give your final answer by calling this tool.", input_schema: scoreSchema }],
      tool_choice: { type: "tool", name: "score_deck" },
    });
  });

  it("maps tool use both ways: tool_use blocks become tool calls, tool answers tool_result blocks", async () => {
    const { server, anthropic } = await provider((_body, index) =>
      index === 0
        ? { content: [{ type: "text", text: "Looking it up." }, { type: "tool_use", id: "toolu_9", name: "market_size", input: { sector: "ai" } }] }
        : { content: [{ type: "text", text: "done" }], usage: { input_tokens: 4, output_tokens: 1 } },
    );
    const tools = [{ name: "market_size", description: "Estimates a market.", parameters: { type: "object", properties: { sector: { type: "string" } }, required: ["sector"] } }];
    const first = await anthropic.complete({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "go" }], tools }, info());
    expect(first).toEqual({
      message: { content: "Looking it up.", tool_calls: [{ id: "toolu_9", type: "function", function: { name: "market_size", arguments: '{"sector":"ai"}' } }] },
      finish_reason: "tool_calls",
      usage: { prompt_tokens: 10, completion_tokens: 5 },
    });
    const second = await anthropic.complete(
      { model: "claude-haiku-4-5", messages: [{ role: "user", content: "go" }, { role: "assistant", ...first.message }, { role: "tool", tool_call_id: "toolu_9", content: "42" }], tools },
      info(),
    );
    expect(second).toEqual({ message: { content: "done" }, finish_reason: "stop", usage: { prompt_tokens: 4, completion_tokens: 1 } });
    expect(server.requests[1]!.body.messages).toEqual([
      { role: "user", content: "go" },
      { role: "assistant", content: [{ type: "text", text: "Looking it up." }, { type: "tool_use", id: "toolu_9", name: "market_size", input: { sector: "ai" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_9", content: "42" }] },
    ]);
    expect(server.requests[1]!.body.tools).toEqual([{ name: "market_size", description: "Estimates a market.", input_schema: tools[0]!.parameters }]);
    expect(server.requests[1]!.body.tool_choice).toBeUndefined();
  });

  it("lets the model call its tools or answer when it has both (tool_choice any)", async () => {
    const { server, anthropic } = await provider(() => ({ content: [{ type: "tool_use", id: "t", name: "score_deck", input: { score: 1 } }] }));
    const tools = [{ name: "market_size", description: "m", parameters: { type: "object" } }];
    await anthropic.complete({ ...structured, tools }, info());
    expect(server.requests[0]!.body.tool_choice).toEqual({ type: "any" });
    expect(server.requests[0]!.body.tools.map((t: { name: string }) => t.name)).toEqual(["market_size", "score_deck"]);
  });

  it("turns 429 and 529 into retryable errors carrying retry-after, 400 into a final one", async () => {
    const statuses = [
      { status: 429, retryAfter: "2" },
      { status: 529, retryAfter: "0.5", message: "Overloaded" },
      { status: 400, message: "bad request" },
    ];
    const { anthropic } = await provider((_body, index) => statuses[index]!);
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push(await anthropic.complete(structured, info()).catch((e: unknown) => e));
    expect(errors.map((e) => ({ name: (e as Error).name, status: (e as { status?: number }).status, retryable: (e as { retryable?: boolean }).retryable, retryAfterMs: (e as { retryAfterMs?: number }).retryAfterMs }))).toEqual([
      { name: "ModelError", status: 429, retryable: true, retryAfterMs: 2000 },
      { name: "ModelError", status: 529, retryable: true, retryAfterMs: 500 },
      { name: "ModelError", status: 400, retryable: false, retryAfterMs: undefined },
    ]);
    expect((errors[1] as Error).message).toBe(`Model request failed with HTTP 529 (model claude-sonnet-4-5 at ${new URL(servers[0]!.url).host}): Overloaded.`);
    expect((errors[2] as Error).message).toContain("bad request");
  });

  it("a body that is not a message is a retryable error", async () => {
    const bodies = ["<html>bad gateway</html>", '{"type":"message"}'];
    const { server, anthropic } = await provider((_body, index) => ({ raw: bodies[index]! }));
    const errors = [];
    for (let i = 0; i < 2; i++) errors.push(await anthropic.complete(structured, info()).catch((e: unknown) => e));
    const message = `The model server returned a response without a content array (model claude-sonnet-4-5 at ${new URL(server.url).host}).`;
    expect(errors.map((e) => [(e as Error).message, (e as { retryable?: boolean }).retryable])).toEqual([
      [message, true],
      [message, true],
    ]);
  });

  it("ends the request on abort with the abort's reason", async () => {
    const { server, anthropic } = await provider(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = anthropic.complete(structured, info(controller.signal)).catch((e: unknown) => e);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const reason = new Error("stop now");
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it("says which variables to set when it has no credentials", () => {
    expect(() => new AnthropicProvider({ env: {} })).toThrow(
      "No Anthropic credentials: export ANTHROPIC_API_KEY=sk-ant-... to use Anthropic, or ANTHROPIC_BASE_URL for an Anthropic-compatible server.",
    );
  });
});
