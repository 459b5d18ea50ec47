// A loopback OpenAI-compatible chat-completions server for the benchmarks.
// node:http only; listens on 127.0.0.1 port 0; answers by script after a
// configurable latency (base + uniform jitter + a per-prompt-token cost),
// counted from the request's arrival.
// Bounded: it refuses requests past `maxRequests` and closes itself (and
// every socket) after `lifetimeMs`, so no benchmark can leave it running.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SCRIPTS, type ScriptName, type ScriptRequest } from "./scripts.ts";
import { rng } from "../lib/stats.ts";

export interface ServerConfig {
  script: ScriptName;
  /** Fixed latency per request, ms. */
  latencyMs: number;
  /** Uniform jitter, ms: each request waits latencyMs ± jitterMs (never below 0). */
  jitterMs: number;
  /** Extra latency per prompt token, ms (a long context costs more). */
  perTokenMs: number;
  /** Seed of the jitter PRNG. */
  seed: number;
  /**
   * Compare every request: its body with every number made `#`, and its
   * headers as sent (content-length's value made `#`).
   * Sides that send the same requests leave one kind of each in the stats.
   */
  compareRequests: boolean;
}

export interface ServerStats {
  requests: number;
  errors: number;
  maxInFlight: number;
  /** Largest prompt of any one request, in estimated tokens (chars / 4). */
  maxPromptTokens: number;
  totalPromptTokens: number;
  totalCompletionTokens: number;
  /** How late the latency timers fired, summed and at worst (ms): the harness's own noise. */
  timerLagTotalMs: number;
  timerLagMaxMs: number;
  timedRequests: number;
  /** TCP connections accepted (a client that reuses connections keeps this near its concurrency). */
  connections: number;
  paths: Record<string, number>;
  /**
   * With `compareRequests`: every request body with its numbers made `#`, by
   * kind (at most 8 kinds kept; `requestsCompared` counts them all).
   */
  bodyShapes: Record<string, number>;
  /** With `compareRequests`: every request's headers (see ServerConfig), by kind (at most 8 kinds kept). */
  headerShapes: Record<string, number>;
  /** Requests whose body and headers were compared (all of them, with `compareRequests`). */
  requestsCompared: number;
  /** Requests of a kind past the 8 kept (of body or headers). */
  shapesDropped: number;
}

export interface ServerLimits {
  maxRequests: number;
  lifetimeMs: number;
}

export const DEFAULT_CONFIG: ServerConfig = { script: "echo", latencyMs: 0, jitterMs: 0, perTokenMs: 0, seed: 1, compareRequests: false };

/** Tokens as the benchmarks count them: 4 characters to a token, rounded up. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}


const MAX_SHAPES = 8;

/** Counts `shape`; false when it is a new kind past the MAX_SHAPES kept. */
function countShape(shapes: Record<string, number>, shape: string): boolean {
  if (shape in shapes) shapes[shape]!++;
  else if (Object.keys(shapes).length < MAX_SHAPES) shapes[shape] = 1;
  else return false;
  return true;
}

/** The request's headers as one string, as sent (names, order, values), but the content length (which follows the numbers in the body) made `#`. */
export function headerShape(rawHeaders: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    lines.push(`${name}: ${name.toLowerCase() === "content-length" ? "#" : rawHeaders[i + 1]}`);
  }
  return lines.join("\n");
}

function emptyStats(): ServerStats {
  return {
    requests: 0,
    errors: 0,
    maxInFlight: 0,
    maxPromptTokens: 0,
    totalPromptTokens: 0,
    totalCompletionTokens: 0,
    timerLagTotalMs: 0,
    timerLagMaxMs: 0,
    timedRequests: 0,
    connections: 0,
    paths: {},
    bodyShapes: {},
    headerShapes: {},
    requestsCompared: 0,
    shapesDropped: 0,
  };
}

export interface MockServer {
  readonly url: string;
  readonly port: number;
  configure(config: Partial<ServerConfig>): void;
  stats(): ServerStats;
  reset(): void;
  close(): Promise<void>;
}

export async function startServer(
  config: Partial<ServerConfig> = {},
  limits: ServerLimits = { maxRequests: 2_000_000, lifetimeMs: 15 * 60_000 },
): Promise<MockServer> {
  let cfg: ServerConfig = { ...DEFAULT_CONFIG, ...config };
  let rand = rng(cfg.seed);
  let stats = emptyStats();
  let inFlight = 0;
  let served = 0;
  let seq = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function send(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  }

  /** `arrivedAt`: when the request's headers came in; the latency counts from there, as a remote server's work happens inside its latency. */
  function answer(req: IncomingMessage, res: ServerResponse, raw: string, arrivedAt: number): void {
    const path = (req.url ?? "").split("?")[0]!;
    stats.paths[path] = (stats.paths[path] ?? 0) + 1;
    if (req.method !== "POST" || !path.endsWith("/chat/completions")) {
      stats.errors++;
      inFlight--;
      return send(res, 404, JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: "not_found" } }));
    }
    if (++served > limits.maxRequests) {
      stats.errors++;
      inFlight--;
      return send(res, 503, JSON.stringify({ error: { message: "benchmark server request limit reached", type: "limit" } }));
    }
    let body: ScriptRequest & { stream?: boolean };
    try {
      body = JSON.parse(raw);
    } catch {
      stats.errors++;
      inFlight--;
      return send(res, 400, JSON.stringify({ error: { message: "invalid JSON", type: "invalid_request_error" } }));
    }
    let promptChars = 0;
    for (const m of body.messages ?? []) {
      promptChars += typeof m.content === "string" ? m.content.length : JSON.stringify(m.content ?? "").length;
    }
    const promptTokens = estimateTokens(promptChars);
    const content = SCRIPTS[cfg.script](body);
    const completionTokens = estimateTokens(content.length);
    stats.requests++;
    if (cfg.compareRequests) {
      stats.requestsCompared++;
      const bodyKept = countShape(stats.bodyShapes, raw.replace(/\d+/g, "#"));
      const headersKept = countShape(stats.headerShapes, headerShape(req.rawHeaders));
      if (!bodyKept || !headersKept) stats.shapesDropped++;
    }
    stats.totalPromptTokens += promptTokens;
    stats.totalCompletionTokens += completionTokens;
    if (promptTokens > stats.maxPromptTokens) stats.maxPromptTokens = promptTokens;
    const payload = JSON.stringify({
      id: `chatcmpl-bench-${++seq}`,
      object: "chat.completion",
      created: 1_700_000_000,
      model: body.model ?? "bench",
      choices: [
        { index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null },
      ],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
    const jitter = cfg.jitterMs > 0 ? (rand() * 2 - 1) * cfg.jitterMs : 0;
    const delay = Math.max(0, cfg.latencyMs + jitter + cfg.perTokenMs * promptTokens);
    const finish = (): void => {
      inFlight--;
      send(res, 200, payload);
    };
    const due = arrivedAt + delay;
    const wait = due - performance.now();
    // A delay already spent reading a big body: answer now.
    if (wait <= 0) return finish();
    const timer = setTimeout(() => {
      timers.delete(timer);
      const lag = Math.max(0, performance.now() - due);
      stats.timedRequests++;
      stats.timerLagTotalMs += lag;
      if (lag > stats.timerLagMaxMs) stats.timerLagMaxMs = lag;
      finish();
    }, wait);
    timers.add(timer);
  }

  const server = createServer((req, res) => {
    const arrivedAt = performance.now();
    inFlight++;
    if (inFlight > stats.maxInFlight) stats.maxInFlight = inFlight;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => answer(req, res, Buffer.concat(chunks).toString("utf8"), arrivedAt));
    req.on("error", () => {
      inFlight--;
      stats.errors++;
    });
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 120_000;
  server.on("connection", (socket: Socket) => {
    socket.setNoDelay(true);
    stats.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    if (closed) return closed;
    closed = new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), limits.lifetimeMs);
  lifetime.unref();

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    configure(next) {
      cfg = { ...cfg, ...next };
      if (next.seed !== undefined) rand = rng(cfg.seed);
    },
    stats: () => structuredClone(stats),
    reset() {
      stats = emptyStats();
    },
    close,
  };
}
