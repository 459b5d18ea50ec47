import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../runtime/models/index.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import type { CallInfo, ChatRequest, ChatResponse, ModelProvider } from "../../runtime/models/provider.ts";
import { RecordProvider, parseRecording } from "../../runtime/models/record.ts";
import { ReplayProvider } from "../../runtime/models/replay.ts";
import { requestKey } from "../../runtime/models/request-key.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";
import type { OpenAIServer, ScriptHandler } from "../../runtime/testing/openai-server.ts";

const KEY = "sk-test-SECRET123";
const dir = mkdtempSync(join(tmpdir(), "flowc-record-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: OpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function info(path: string, worker = path.split("/").pop()!.replace(/\[\d+\]$/, "")): CallInfo {
  return { path, worker, signal: new AbortController().signal };
}

function ask(content: string): ChatRequest {
  return { model: "gpt-test", messages: [{ role: "system", content: "Answer." }, { role: "user", content }], settings: { temperature: 0 } };
}

/** Answers depend only on the request (and how often it was seen), never on arrival order. */
function deterministicHandler(): ScriptHandler {
  const seen = new Map<string, number>();
  return (body) => {
    const text = body.messages[1].content as string;
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    if (text.startsWith("tool:")) return { toolCalls: [{ name: "lookup", arguments: { q: text.slice(5) }, id: `call_${text}` }] };
    return { content: `${text.toUpperCase()}#${n}`, usage: { prompt_tokens: text.length, completion_tokens: n + 1 } };
  };
}

/** A run: concurrent distinct requests, two identical concurrent requests at different paths, a repeated request. */
async function workload(provider: ModelProvider): Promise<ChatResponse[]> {
  const concurrent = await Promise.all([
    provider.complete(ask("alpha"), info("main/map[0]/w")),
    provider.complete(ask("beta"), info("main/map[1]/w")),
    provider.complete(ask("gamma"), info("main/map[2]/w")),
    provider.complete(ask("tool:fintech"), info("main/map[3]/w")),
  ]);
  const again = [];
  again.push(await provider.complete(ask("same"), info("main/repeat/w")));
  again.push(await provider.complete(ask("same"), info("main/repeat/w")));
  return [...concurrent, ...again];
}

async function recordRun(file: string, seed: number): Promise<{ responses: ChatResponse[]; text: string }> {
  const server = await startOpenAIServer({ handler: deterministicHandler(), latencyMs: 5, jitterMs: 40, seed });
  servers.push(server);
  const recorder = new RecordProvider({ path: file, inner: new OpenAIProvider({ apiKey: KEY, baseURL: server.url }) });
  const responses = await workload(recorder);
  await recorder.close();
  return { responses, text: readFileSync(file, "utf8") };
}

describe("record provider", () => {
  it("passes requests through and writes a header and one sorted line per answer", async () => {
    const file = join(dir, "nested", "run.jsonl");
    const { responses, text } = await recordRun(file, 1);
    expect(responses.map((r) => r.message.content)).toEqual(["ALPHA#0", "BETA#0", "GAMMA#0", null, "SAME#0", "SAME#1"]);
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(text.endsWith("\n")).toBe(true);
    expect(lines[0]).toEqual({ flowc_recording: 1, recorded_from: { provider: "openai", host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) } });
    const entries = lines.slice(1);
    expect(entries).toHaveLength(6);
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(["key", "path", "request", "response", "worker"]);
      expect(e.key).toBe(requestKey(e.request));
      expect(e.worker).toBe("w");
    }
    const keys = entries.map((e) => e.key as string);
    expect(keys).toEqual([...keys].sort());
    // Identical requests keep their order of occurrence.
    const same = entries.filter((e) => e.request.messages[1].content === "same");
    expect(same.map((e) => e.response.message.content)).toEqual(["SAME#0", "SAME#1"]);
    const tool = entries.find((e) => e.path === "main/map[3]/w");
    expect(tool.response).toEqual({
      message: { content: null, tool_calls: [{ id: "call_tool:fintech", type: "function", function: { name: "lookup", arguments: '{"q":"fintech"}' } }] },
      finish_reason: "tool_calls",
      usage: { prompt_tokens: 10, completion_tokens: 5 },
    });
  });

  it("is stable: the same run under different latencies writes the same bytes", async () => {
    const a = await recordRun(join(dir, "a.jsonl"), 11);
    const b = await recordRun(join(dir, "b.jsonl"), 12345);
    // The two servers listen on different ports: only the header's host differs.
    const body = (text: string) => text.split("\n").slice(1).join("\n");
    expect(body(a.text)).toBe(body(b.text));
    expect(a.text.split("\n")[0]).toMatch(/"host":"127\.0\.0\.1:\d+"/);
  });

  it("record then replay gives identical responses, offline", async () => {
    const file = join(dir, "roundtrip.jsonl");
    const recorded = await recordRun(file, 7);
    const replay = new ReplayProvider({ path: file });
    const replayed = await workload(replay);
    expect(replayed).toEqual(recorded.responses);
    // Through the factory too.
    const again = await workload(createProvider({ kind: "replay", path: file }));
    expect(again).toEqual(recorded.responses);
  });

  it("does not record failed requests and still writes on close", async () => {
    const server = await startOpenAIServer({ handler: (_b, i) => (i === 0 ? { status: 500 } : { content: "ok" }) });
    servers.push(server);
    const file = join(dir, "failures.jsonl");
    const recorder = createProvider({ kind: "record", path: file, apiKey: KEY, baseURL: server.url });
    await expect(recorder.complete(ask("x"), info("main/w"))).rejects.toMatchObject({ status: 500, retryable: true });
    await recorder.complete(ask("x"), info("main/w"));
    await recorder.close!();
    await recorder.close!(); // idempotent
    const recording = parseRecording(readFileSync(file, "utf8"));
    expect(recording.entries).toHaveLength(1);
    expect(recording.entries[0]!.response.message.content).toBe("ok");
    expect(recording.header?.recorded_from.provider).toBe("openai");
  });

  it("an empty run writes just the header; a non-describable inner provider is named", async () => {
    const inner: ModelProvider = { name: "fake", complete: async () => ({ message: { content: "" }, finish_reason: "stop", usage: { prompt_tokens: 0, completion_tokens: 0 } }) };
    const file = join(dir, "empty.jsonl");
    const recorder = new RecordProvider({ path: file, inner });
    await recorder.close();
    expect(readFileSync(file, "utf8")).toBe('{"flowc_recording":1,"recorded_from":{"provider":"fake"}}\n');
    const noted = new RecordProvider({ path: file, inner, note: "scripted test server" });
    await noted.close();
    expect(readFileSync(file, "utf8")).toBe('{"flowc_recording":1,"recorded_from":{"note":"scripted test server","provider":"fake"}}\n');
  });
});
