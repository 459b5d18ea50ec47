// The API key and the Authorization header never show up in an error message
// or in anything written.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../runtime/models/index.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import type { CallInfo, ChatRequest } from "../../runtime/models/provider.ts";
import { REDACTED, containsSecret, redact, redactDeep, registerSecret } from "../../runtime/redact.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";
import type { OpenAIServer } from "../../runtime/testing/openai-server.ts";

const KEY = "sk-test-SECRET123";
const dir = mkdtempSync(join(tmpdir(), "flowc-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: OpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const info = (path = "main/w"): CallInfo => ({ path, worker: "w", signal: new AbortController().signal, timeoutMs: 300 });
const ask = (content: string): ChatRequest => ({ model: "gpt-test", messages: [{ role: "user", content }] });

function assertClean(text: string): void {
  expect(text).not.toContain(KEY);
  // Not even a piece of it (a parser message quoting a cut-off body).
  expect(text).not.toContain("sk-test");
  expect(text).not.toContain("SECRET123");
  expect(text).not.toMatch(/Bearer\s+sk-/i);
}

describe("redact", () => {
  it("scrubs registered secrets, bearer tokens and sk- keys", () => {
    registerSecret("my-long-private-token-42");
    expect(redact("token my-long-private-token-42 here")).toBe(`token ${REDACTED} here`);
    expect(redact("Authorization: Bearer abc.def-123456")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact("key sk-proj-abcdefghijklmnopqrstuvwxyz0123")).toBe(`key ${REDACTED}`);
    expect(redact("the bearer of bad news")).toBe("the bearer of bad news");
    expect(redact(`a ${KEY} b`, [KEY])).toBe(`a ${REDACTED} b`);
    expect(redactDeep({ a: [`Bearer ${KEY}`], b: 1 }, [KEY])).toEqual({ a: [`Bearer ${REDACTED}`], b: 1 });
    expect(containsSecret(`x ${KEY}`, [KEY])).toBe(true);
    expect(containsSecret("nothing to see")).toBe(false);
  });
});

describe("no secret leaks", () => {
  it("error messages never contain the key, even when the server echoes it", async () => {
    // A server that echoes the Authorization header and the key in its error bodies.
    const server = await startOpenAIServer({
      handler: (_body, index) => {
        const auth = server.requests[index]!.authorization ?? "";
        const replies = [
          { status: 401, message: `Incorrect API key provided: ${KEY}. Header was: ${auth}` },
          { status: 429, retryAfter: 1, message: `Rate limited for ${auth}` },
          { status: 500, body: `{"error": {"message": "boom ${KEY}"}}` },
          { status: 502, body: `<html>bad gateway ${auth}</html>` },
          { malformed: true as const, body: `{"oops": "${auth}` },
          { malformed: true as const, body: `${auth} and more text after it` },
          { malformed: true as const, body: `x${KEY}${"y".repeat(50)}` },
          { raw: { echo: auth } },
          { hang: true as const },
        ];
        return replies[index]!;
      },
    });
    servers.push(server);
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
    const messages: string[] = [];
    for (let i = 0; i < 9; i++) {
      try {
        await provider.complete(ask(`q${i}`), info());
        throw new Error("expected a failure");
      } catch (error) {
        const e = error as Error & { cause?: Error };
        messages.push(e.message, String(e.stack), String(e.cause?.message), String(e.cause?.stack), JSON.stringify(e));
      }
    }
    // The SDK really sent the key; it is the messages that must not show it.
    expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(messages.join("\n")).toContain("HTTP 401");
    for (const message of messages) assertClean(message);
  });

  it("connection errors and provider setup never show the key", async () => {
    const provider = new OpenAIProvider({ apiKey: KEY, baseURL: "http://127.0.0.1:1/v1" });
    const error = await provider.complete(ask("x"), info()).catch((e: Error) => e);
    assertClean(String((error as Error).message));
    assertClean(JSON.stringify(provider));
    assertClean(String(Object.entries(provider)));
  });

  it("a recording never contains the key, even when the model's answer does", async () => {
    const server = await startOpenAIServer({
      handler: (_body, index) =>
        index === 0 ? { content: `I saw ${server.requests[0]!.authorization}` } : { content: `your key is ${KEY}` },
    });
    servers.push(server);
    const sub = join(dir, "run");
    const file = join(sub, "rec.jsonl");
    const recorder = createProvider({ kind: "record", path: file, apiKey: KEY, baseURL: server.url });
    await recorder.complete(ask("a"), info("main/a"));
    await recorder.complete(ask("b"), info("main/b"));
    await expect(recorder.complete({ ...ask("c"), model: "x" }, { ...info(), signal: AbortSignal.abort() })).rejects.toBeDefined();
    await recorder.close!();
    const text = readFileSync(file, "utf8");
    assertClean(text);
    expect(text).toContain(`I saw Bearer ${REDACTED}`);
    expect(text).toContain(`your key is ${REDACTED}`);
    // Nothing else (temporary files) left behind.
    expect(readdirSync(sub)).toEqual(["rec.jsonl"]);
  });
});
