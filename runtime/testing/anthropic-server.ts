// A small Anthropic-compatible HTTP server for tests: POST /v1/messages on
// 127.0.0.1 (port 0), each request answered by `handler` with content blocks,
// an error status (with `retry-after`) or no answer at all (`hang`). It keeps
// every request's body and headers so tests can assert what the SDK sent.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface AnthropicScriptedUsage {
  readonly input_tokens?: number;
  readonly output_tokens?: number;
  readonly cache_creation_input_tokens?: number;
  readonly cache_read_input_tokens?: number;
}

export type AnthropicBlock = { readonly type: "text"; readonly text: string } | { readonly type: "tool_use"; readonly id: string; readonly name: string; readonly input: unknown };

export type AnthropicReply =
  | { readonly content: readonly AnthropicBlock[]; readonly stopReason?: string; readonly usage?: AnthropicScriptedUsage }
  | { readonly status: number; readonly retryAfter?: string; readonly message?: string }
  | { readonly hang: true }
  /** A body sent as it is, with status 200 (a malformed answer). */
  | { readonly raw: string };

export type AnthropicHandler = (body: any, index: number) => AnthropicReply;

export interface AnthropicServerRequest {
  readonly index: number;
  readonly url: string;
  readonly body: any;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface AnthropicServer {
  /** The base URL for the SDK (`http://127.0.0.1:PORT`; the SDK adds `/v1/messages`). */
  readonly url: string;
  readonly requests: readonly AnthropicServerRequest[];
  close(): Promise<void>;
}

export async function startAnthropicServer(handler: AnthropicHandler): Promise<AnthropicServer> {
  const requests: AnthropicServerRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void serve(req, res));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !req.url?.startsWith("/v1/messages")) {
      res.writeHead(404, { "content-type": "application/json" }).end(errorBody("not_found_error", "no such route"));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const index = requests.length;
    requests.push({ index, url: req.url, body, headers: req.headers });
    const reply = handler(body, index);
    if ("hang" in reply) return;
    if ("raw" in reply) {
      res.writeHead(200, { "content-type": "application/json" }).end(reply.raw);
      return;
    }
    if ("status" in reply) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
      const type = reply.status === 529 ? "overloaded_error" : reply.status === 429 ? "rate_limit_error" : "api_error";
      res.writeHead(reply.status, headers).end(errorBody(type, reply.message ?? `scripted ${reply.status}`));
      return;
    }
    const answer = {
      id: `msg_${index}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content: reply.content,
      stop_reason: reply.stopReason ?? (reply.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn"),
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, ...reply.usage },
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function errorBody(type: string, message: string): string {
  return JSON.stringify({ type: "error", error: { type, message } });
}
