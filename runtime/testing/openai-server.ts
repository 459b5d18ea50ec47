// A small OpenAI-compatible HTTP server for tests and recordings. It serves
// POST /v1/chat/completions on 127.0.0.1 (port 0), answers each request with a
// scripted reply from `handler`, counts requests in flight, and keeps every
// request body and Authorization header so tests can assert what the SDK sent.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { prng } from "./prng.ts";

export interface ScriptedUsage {
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
}

export interface ScriptedToolCall {
  readonly name: string;
  /** An object (sent as JSON text) or the raw arguments string. */
  readonly arguments?: unknown;
  readonly id?: string;
}

interface ReplyCommon {
  /** Token usage reported in the body (default { prompt_tokens: 10, completion_tokens: 5 }). */
  readonly usage?: ScriptedUsage;
  /** Extra delay for this reply, added to the server's latency. */
  readonly delayMs?: number;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type ScriptedReply =
  | (ReplyCommon & { readonly content: string | null; readonly finishReason?: string; readonly toolCalls?: undefined })
  | (ReplyCommon & { readonly toolCalls: readonly ScriptedToolCall[]; readonly content?: string | null; readonly finishReason?: string })
  | (ReplyCommon & {
      readonly status: number;
      /** Retry-After header in seconds. */
      readonly retryAfter?: number | string;
      /** retry-after-ms header. */
      readonly retryAfterMs?: number;
      /** Error message in the OpenAI error body (default: a message for the status). */
      readonly message?: string;
      /** A raw body instead of the OpenAI error JSON. */
      readonly body?: string;
    })
  | (ReplyCommon & { readonly hang: true })
  /** Closes the connection without answering (the client sees a dropped connection). */
  | (ReplyCommon & { readonly drop: true })
  | (ReplyCommon & { readonly malformed: true; readonly body?: string })
  /** Any JSON body, sent as is with status 200. */
  | (ReplyCommon & { readonly raw: unknown });

/** What the handler sees: the parsed request body (JSON) and the 0-based request index. */
export type ScriptHandler = (body: any, index: number) => ScriptedReply | Promise<ScriptedReply>;

export interface RecordedRequest {
  readonly index: number;
  readonly method: string;
  readonly url: string;
  /** Parsed JSON body (or the raw text if it was not JSON). */
  readonly body: any;
  /** The Authorization header as received (tests assert what the SDK sent). */
  readonly authorization: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface OpenAIServerOptions {
  readonly handler: ScriptHandler;
  /** Base latency before each reply, in ms. */
  readonly latencyMs?: number;
  /** Random extra latency in [0, jitterMs) per reply. */
  readonly jitterMs?: number;
  /** Default usage for replies that do not set it. */
  readonly usage?: ScriptedUsage;
  /** Seed for the jitter (deterministic pseudo-random); default Math.random. */
  readonly seed?: number;
}

export interface OpenAIServer {
  /** Base URL to give the SDK (`http://127.0.0.1:PORT/v1`). */
  readonly url: string;
  /** Largest number of requests in flight at once since start (or the last reset). */
  readonly inFlightMax: number;
  /** Requests in flight right now. */
  readonly inFlight: number;
  /** Every request received since start (or the last reset), in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Request indexes in the order their replies were sent (errors included; hangs and drops never). */
  readonly answered: readonly number[];
  /** Clears requests and counters (the request index starts again at 0). */
  reset(): void;
  /** Stops the server and destroys every open socket (hanging requests included). */
  close(): Promise<void>;
}

const DEFAULT_USAGE = { prompt_tokens: 10, completion_tokens: 5 };

export async function startOpenAIServer(options: OpenAIServerOptions): Promise<OpenAIServer> {
  let requests: RecordedRequest[] = [];
  let answered: number[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  let counter = 0;
  let completionCounter = 0;
  let closed = false;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const random = options.seed === undefined ? Math.random : prng(options.seed);

  const sleep = (ms: number, req: IncomingMessage) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
      // The client went away: stop waiting.
      req.once("close", () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve();
      });
    });

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { error: { message: `test server handler failed: ${String(error)}`, type: "server_error" } });
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (req.method !== "POST" || !(req.url ?? "").replace(/\?.*$/, "").endsWith("/chat/completions")) {
      sendJson(res, 404, { error: { message: `no route for ${req.method} ${req.url}`, type: "invalid_request_error" } });
      return;
    }
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const index = counter++;
    requests.push({
      index,
      method: req.method,
      url: req.url ?? "",
      body,
      authorization: req.headers.authorization,
      headers: { ...req.headers },
    });
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.once("close", finish);
    res.once("finish", finish);

    const reply = await options.handler(body, index);
    const jitter = options.jitterMs ? random() * options.jitterMs : 0;
    await sleep((options.latencyMs ?? 0) + jitter + (reply.delayMs ?? 0), req);
    if (closed || res.destroyed) return finish();

    const headers = { ...(reply.headers ?? {}) };
    if ("hang" in reply) {
      // Never answer; the client times out or the server's close() destroys the socket.
      return;
    }
    if ("drop" in reply) {
      req.socket.destroy();
      return;
    }
    answered.push(index);
    if ("malformed" in reply) {
      res.writeHead(200, { "content-type": "application/json", ...headers });
      res.end(reply.body ?? '{"id": "chatcmpl-broken", "choices": [ {"message": ');
      return;
    }
    if ("status" in reply) {
      if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
      if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
      if (reply.body !== undefined) {
        res.writeHead(reply.status, { "content-type": "application/json", ...headers });
        res.end(reply.body);
        return;
      }
      sendJson(
        res,
        reply.status,
        {
          error: {
            message: reply.message ?? defaultMessage(reply.status),
            type: reply.status === 429 ? "rate_limit_exceeded" : reply.status >= 500 ? "server_error" : "invalid_request_error",
            code: null,
            param: null,
          },
        },
        headers,
      );
      return;
    }
    if ("raw" in reply) {
      sendJson(res, 200, reply.raw, headers);
      return;
    }
    const usage = { ...DEFAULT_USAGE, ...(options.usage ?? {}), ...(reply.usage ?? {}) };
    const toolCalls = reply.toolCalls?.map((call, i) => ({
      id: call.id ?? `call_${index}_${i}`,
      type: "function" as const,
      function: {
        name: call.name,
        arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
      },
    }));
    const message: Record<string, unknown> = { role: "assistant", content: reply.content ?? null, refusal: null };
    if (toolCalls && toolCalls.length > 0) message.tool_calls = toolCalls;
    sendJson(
      res,
      200,
      {
        id: `chatcmpl-test-${completionCounter++}`,
        object: "chat.completion",
        created: 1_700_000_000,
        model: typeof body?.model === "string" ? body.model : "test-model",
        choices: [
          {
            index: 0,
            message,
            logprobs: null,
            finish_reason: reply.finishReason ?? (toolCalls && toolCalls.length > 0 ? "tool_calls" : "stop"),
          },
        ],
        usage: {
          prompt_tokens: usage.prompt_tokens,
          completion_tokens: usage.completion_tokens,
          total_tokens: usage.prompt_tokens + usage.completion_tokens,
        },
      },
      headers,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    get inFlightMax() {
      return inFlightMax;
    },
    get inFlight() {
      return inFlight;
    },
    get requests() {
      return requests;
    },
    get answered() {
      return answered;
    },
    reset() {
      requests = [];
      answered = [];
      counter = 0;
      inFlightMax = inFlight;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await done;
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function defaultMessage(status: number): string {
  if (status === 429) return "Rate limit reached. Please try again later.";
  if (status === 401) return "Incorrect API key provided.";
  if (status >= 500) return "The server had an error while processing your request.";
  return `Request failed with status ${status}.`;
}

