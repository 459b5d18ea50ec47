import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createProvider } from "../../runtime/models/index.ts";
import { ModelError } from "../../runtime/models/provider.ts";
import { toOpenAIRequest } from "../../runtime/models/openai-chat.ts";
import type { CallInfo, ChatRequest, ChatResponse } from "../../runtime/models/provider.ts";
import { formatRecording } from "../../runtime/models/record.ts";
import type { RecordingEntry } from "../../runtime/models/record.ts";
import { ReplayProvider } from "../../runtime/models/replay.ts";
import { messagesDigest, requestKey } from "../../runtime/models/request-key.ts";

const dir = mkdtempSync(join(tmpdir(), "flowc-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function info(path: string, worker = path.split("/").pop()!): CallInfo {
  return { path, worker, signal: new AbortController().signal };
}

function ask(content: string, model = "gpt-test"): ChatRequest {
  return { model, messages: [{ role: "system", content: "Answer." }, { role: "user", content }], settings: { temperature: 0 } };
}

function answer(content: string, prompt = 10, completion = 5): ChatResponse {
  return { message: { content }, finish_reason: "stop", usage: { prompt_tokens: prompt, completion_tokens: completion } };
}

function entry(request: ChatRequest, response: ChatResponse, path = "main/w", worker = "w"): RecordingEntry {
  const body = toOpenAIRequest(request);
  return { key: requestKey(body), worker, path, request: body, response };
}

function recordingText(entries: RecordingEntry[]): string {
  return formatRecording({ header: { flowc_recording: 1, recorded_from: { provider: "openai", host: "127.0.0.1:1" } }, entries });
}

describe("replay provider", () => {
  it("answers by exact match on the request key, from a file", async () => {
    const file = join(dir, "hit.jsonl");
    writeFileSync(file, recordingText([entry(ask("one"), answer("1")), entry(ask("two"), answer("2", 7, 3))]));
    const replay = createProvider({ kind: "replay", path: file });
    expect(replay.name).toBe("replay");
    expect(await replay.complete(ask("two"), info("main/w"))).toEqual(answer("2", 7, 3));
    expect(await replay.complete(ask("one"), info("main/w"))).toEqual(answer("1"));
    // Key order and undefined fields do not matter.
    const reordered = { settings: { temperature: 0 }, tools: undefined, messages: ask("one").messages, model: "gpt-test" } as ChatRequest;
    expect(await replay.complete(reordered, info("main/w"))).toEqual(answer("1"));
  });

  it("a miss names the worker and path, shows the request and says how to re-record", async () => {
    const replay = new ReplayProvider({ text: recordingText([entry(ask("one"), answer("1"), "main/map[0]/w")]), path: "rec.jsonl" });
    const request = ask("three");
    const key = requestKey(toOpenAIRequest(request));
    let error: unknown;
    try {
      await replay.complete(request, info("main/map[0]/w"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).retryable).toBe(false);
    expect((error as ModelError).message).toBe(
      [
        `No recorded model response for worker "w" at main/map[0]/w.`,
        `  model:     gpt-test`,
        `  messages:  2 (digest ${messagesDigest(request.messages)}), last: user "three"`,
        `  key:       ${key}`,
        `  recording: rec.jsonl (1 entry)`,
        `  the request recorded at this path differs in: messages[1].content`,
        "The request changed since the recording was made (or was never recorded). " +
          "Re-record with `--record <file>` against a real model (OPENAI_API_KEY or OPENAI_BASE_URL), then run with `--replay <file>`.",
      ].join("\n"),
    );
  });

  it("a miss for another model and worker says which fields differ", async () => {
    const replay = new ReplayProvider({ text: recordingText([entry(ask("one"), answer("1"), "main/a", "a")]) });
    await expect(replay.complete(ask("one", "other-model"), info("main/b", "a"))).rejects.toThrow(
      "  the request recorded for this worker (at main/a) differs in: model\n",
    );
    await expect(replay.complete(ask("one", "other-model"), info("main/b", "b"))).rejects.toThrow(/recording: recording \(1 entry\)\nThe request changed/);
  });

  it("answers identical requests in recorded order, then reuses the last answer", async () => {
    const request = ask("same");
    const replay = new ReplayProvider({
      text: recordingText([entry(request, answer("first")), entry(request, answer("second")), entry(request, answer("third"))]),
    });
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await replay.complete(request, info("main/w"))).message.content);
    expect(got).toEqual(["first", "second", "third", "third", "third"]);
  });

  it("prefers the answer recorded at the same call path (concurrent identical requests)", async () => {
    const request = ask("same");
    const replay = new ReplayProvider({
      text: recordingText([entry(request, answer("zero"), "main/map[0]/w"), entry(request, answer("one"), "main/map[1]/w")]),
    });
    // map[1] asks first this time: it still gets its own answer.
    expect((await replay.complete(request, info("main/map[1]/w"))).message.content).toBe("one");
    expect((await replay.complete(request, info("main/map[0]/w"))).message.content).toBe("zero");
    // Exhausted: reuse the last answer recorded at the path.
    expect((await replay.complete(request, info("main/map[1]/w"))).message.content).toBe("one");
    // An unknown path with the same request gets the last answer given.
    expect((await replay.complete(request, info("main/map[2]/w"))).message.content).toBe("zero");
  });

  it("returns copies: callers cannot change the recording", async () => {
    const replay = new ReplayProvider({ text: recordingText([entry(ask("x"), answer("x"))]) });
    const first = (await replay.complete(ask("x"), info("main/w"))) as { message: { content: string | null } };
    first.message.content = "changed";
    expect((await replay.complete(ask("x"), info("main/w"))).message.content).toBe("x");
  });

  it("respects an aborted signal", async () => {
    const replay = new ReplayProvider({ text: recordingText([entry(ask("x"), answer("x"))]) });
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(replay.complete(ask("x"), { ...info("main/w"), signal: controller.signal })).rejects.toThrow("stop");
  });

  it("a missing file says how to create it", () => {
    const file = join(dir, "nope.jsonl");
    expect(() => new ReplayProvider({ path: file })).toThrowError(
      `Recording not found: ${file}. Create it with \`--record ${file}\` against a real model.`,
    );
  });

  it("a bad line is an error naming the file and line", () => {
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, `${recordingText([entry(ask("x"), answer("x"))])}\n{not json\n`);
    expect(() => new ReplayProvider({ path: file })).toThrowError(new RegExp(`^Invalid recording: ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4: not valid JSON`));
    writeFileSync(file, '{"flowc_recording": 2, "recorded_from": {"provider": "openai"}}\n');
    expect(() => new ReplayProvider({ path: file })).toThrowError(/:1: unsupported recording version 2/);
    writeFileSync(file, '{"request": {"messages": []}, "response": {}}\n');
    expect(() => new ReplayProvider({ path: file })).toThrowError(/:1: entry has no "request" with a "model"/);
  });

  it("accepts hand-written entries without a key or header", async () => {
    // Written as a chat-completions body, as recordings keep requests.
    const line = JSON.stringify({ request: toOpenAIRequest(ask("hand")), response: answer("written") });
    const replay = new ReplayProvider({ text: `${line}\n` });
    expect((await replay.complete(ask("hand"), info("main/w"))).message.content).toBe("written");
  });
});
