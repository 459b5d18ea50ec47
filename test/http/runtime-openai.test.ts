// End to end: the runtime with the openai provider (official SDK) over real
// HTTP against the scripted OpenAI-compatible test server on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineTool, defineWorker, run, runFlow, z } from "../../runtime/index.ts";
import type { FlowContext, RunEvent, RunOptions } from "../../runtime/index.ts";
import { createProvider } from "../../runtime/models/index.ts";
import { OpenAIProvider } from "../../runtime/models/openai.ts";
import { ReplayProvider } from "../../runtime/models/replay.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";
import type { OpenAIServer, OpenAIServerOptions, ScriptHandler } from "../../runtime/testing/openai-server.ts";

const KEY = "sk-test-SECRET123";
const dir = mkdtempSync(join(tmpdir(), "flowc-http-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: OpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: ScriptHandler, options: Omit<OpenAIServerOptions, "handler"> = {}): Promise<OpenAIServer> {
  const server = await startOpenAIServer({ handler, ...options });
  servers.push(server);
  return server;
}

function openai(server: OpenAIServer): OpenAIProvider {
  return new OpenAIProvider({ apiKey: KEY, baseURL: server.url });
}

/** Fast retries for tests (the backoff itself is the scheduler's, tested there). */
function options(server: OpenAIServer, extra: RunOptions = {}): RunOptions {
  return { provider: openai(server), retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...extra };
}

const model = defineModel({ alias: "analyst", id: "gpt-test", settings: { temperature: 0.2 } });

// Requests are routed by the system message (the rendered instructions).
const system = (body: any): string => body.messages[0].content;
const lastUser = (body: any): string => [...body.messages].reverse().find((m: any) => m.role === "user").content;
const toolMessages = (body: any): any[] => body.messages.filter((m: any) => m.role === "tool");

// ---- workers for each result kind -------------------------------------------------------------

const Company = z.object({ name: z.string(), score: z.number().int() });

const describeCompany = defineWorker<{ name: string }, z.infer<typeof Company>>({
  name: "describe_company",
  doc: "Describes a company.",
  input: z.object({ name: z.string() }),
  output: Company,
  model,
  instructions: "RECORD: describe {{name}}.",
});

const summarize = defineWorker<{ text: string }, string>({
  name: "summarize",
  input: z.object({ text: z.string() }),
  output: z.string(),
  model,
  instructions: "TEXT: summarize.",
  context: ({ text }) => text,
});

const scores = defineWorker<{ names: string[] }, number[]>({
  name: "scores",
  input: z.object({ names: z.array(z.string()) }),
  output: z.array(z.number()),
  model,
  instructions: "WRAPPED: score each name.",
});

describe("structured output over HTTP, per result kind", () => {
  it("a record result is requested as its own strict JSON schema", async () => {
    const server = await serve(() => ({ content: '{"name":"Acme","score":7}' }));
    const result = await run(describeCompany, { name: "Acme" }, options(server));
    expect(result.output).toEqual({ name: "Acme", score: 7 });
    const body = server.requests[0]!.body;
    expect(body.model).toBe("gpt-test");
    expect(body.temperature).toBe(0.2);
    expect(body.messages).toEqual([
      { role: "system", content: "RECORD: describe Acme." },
      { role: "user", content: '{"name":"Acme"}' },
    ]);
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.name).toBe("describe_company");
    expect(Object.keys(body.response_format.json_schema.schema.properties).sort()).toEqual(["name", "score"]);
    expect(server.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
  });

  it("a string result is plain text (no response_format), the context sent as it is", async () => {
    const server = await serve(() => ({ content: "Short summary." }));
    const output = await runFlowOf(summarize, { text: "A long text." }, options(server));
    expect(output).toBe("Short summary.");
    const body = server.requests[0]!.body;
    expect(body.response_format).toBeUndefined();
    expect(body.messages[1]).toEqual({ role: "user", content: "A long text." });
  });

  it("any other result is wrapped as {\"result\": ...} and unwrapped", async () => {
    const server = await serve(() => ({ content: '{"result":[3,1.5,9]}' }));
    const result = await run(scores, { names: ["a", "b", "c"] }, options(server));
    expect(result.output).toEqual([3, 1.5, 9]);
    const schema = server.requests[0]!.body.response_format.json_schema.schema;
    expect(schema.properties.result.type).toBe("array");
    expect(schema.required).toEqual(["result"]);
  });
});

/** Runs a single worker as the root callable and returns its output. */
async function runFlowOf<In, Out>(worker: Parameters<typeof run<In, Out>>[0], input: In, opts: RunOptions): Promise<Out> {
  return (await run(worker, input, opts)).output;
}

// ---- delegation through tool calls -----------------------------------------------------------

describe("delegation through tool calls", () => {
  const double = defineTool<{ n: number }, number>({
    name: "double",
    input: z.object({ n: z.number() }),
    output: z.number(),
    implementation: ({ n }) => n * 2,
  });
  const helper = defineWorker<{ topic: string }, string>({
    name: "helper",
    doc: "Knows about topics.",
    input: z.object({ topic: z.string() }),
    output: z.string(),
    model,
    instructions: "HELPER: explain {{topic}}.",
  });
  const pipeline = defineFlow<{ n: number }, number>({
    name: "pipeline",
    doc: "Doubles twice, in code.",
    input: z.object({ n: z.number() }),
    output: z.number(),
    body: async (ctx: FlowContext, { n }) => ctx.call(double, { n: await ctx.call(double, { n }) }),
  });
  const planner = defineWorker<{ goal: string }, string>({
    name: "planner",
    input: z.object({ goal: z.string() }),
    output: z.string(),
    model,
    instructions: "PLANNER: {{goal}}",
    uses: () => [helper, pipeline],
  });

  it("a worker calls a worker and a flow as tools and answers with their results", async () => {
    const server = await serve((body) => {
      if (system(body).startsWith("HELPER")) return { content: `helper on ${JSON.parse(lastUser(body)).topic}` };
      const results = toolMessages(body);
      if (results.length === 0) {
        return {
          toolCalls: [
            { name: "helper", arguments: { topic: "tides" }, id: "c1" },
            { name: "pipeline", arguments: { n: 5 }, id: "c2" },
          ],
        };
      }
      return { content: `done: ${results.map((m) => `${m.tool_call_id}=${m.content}`).join("; ")}` };
    });
    const trace = join(dir, "delegation.trace.jsonl");
    const result = await run(planner, { goal: "plan" }, options(server, { trace }));
    expect(result.output).toBe("done: c1=helper on tides; c2=20");
    // planner (2 turns) + helper (1): three requests.
    expect(server.requests).toHaveLength(3);
    const tools = server.requests[0]!.body.tools;
    expect(tools.map((t: any) => t.function.name)).toEqual(["helper", "pipeline"]);
    expect(tools[0].function.description).toContain("Knows about topics.");
    expect(tools[0].function.description).toContain("HELPER: explain {{topic}}.");
    expect(tools[1].function.description).toContain("Doubles twice, in code.");
    expect(tools[1].function.parameters.properties.n.type).toBe("number");
    // The second planner turn carries the assistant tool calls and both results.
    const second = server.requests[2]!.body.messages;
    expect(second.map((m: any) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
    // Call paths in the trace.
    const paths = readFileSync(trace, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === "end")
      .map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["planner", "planner/helper", "planner/pipeline", "planner/pipeline/double", "planner/pipeline/double#2"]));
    // Usage: three responses of 10 + 5 tokens, split by worker.
    expect(result.usage.total).toMatchObject({ calls: 3, promptTokens: 30, completionTokens: 15, totalTokens: 45 });
    expect(result.usage.byWorker.planner).toMatchObject({ calls: 2 });
    expect(result.usage.byWorker.helper).toMatchObject({ calls: 1 });
  });
});

// ---- scheduling ----------------------------------------------------------------------------

const shout = defineWorker<{ word: string }, string>({
  name: "shout",
  input: z.object({ word: z.string() }),
  output: z.string(),
  model,
  instructions: "SHOUT",
});

function fanout(concurrency: number) {
  return defineFlow<{ words: string[] }, string[]>({
    name: "fanout",
    input: z.object({ words: z.array(z.string()) }),
    output: z.array(z.string()),
    body: (ctx, { words }) => ctx.map(words, { concurrency }, (word, ctx) => ctx.call(shout, { word })),
  });
}

const shoutHandler: ScriptHandler = (body) => ({ content: JSON.parse(lastUser(body)).word.toUpperCase() });
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`);

describe("scheduling over HTTP", () => {
  it("the per-model concurrency limit holds at the server", async () => {
    const server = await serve(shoutHandler, { latencyMs: 40 });
    const output = await runFlow(fanout(12), { words: words(12) }, options(server, { limits: { analyst: { concurrency: 3 } } }));
    expect(output).toEqual(words(12).map((w) => w.toUpperCase()));
    expect(server.requests).toHaveLength(12);
    expect(server.inFlightMax).toBe(3);
  });

  it("the limit can be keyed by model id too, and map concurrency alone also bounds", async () => {
    const server = await serve(shoutHandler, { latencyMs: 30 });
    await runFlow(fanout(12), { words: words(12) }, options(server, { limits: { "gpt-test": { concurrency: 2 } } }));
    expect(server.inFlightMax).toBe(2);
    server.reset();
    await runFlow(fanout(5), { words: words(12) }, options(server));
    expect(server.inFlightMax).toBe(5);
  });

  it("map results keep input order under random latency", async () => {
    const server = await serve(shoutHandler, { latencyMs: 1, jitterMs: 60, seed: 42 });
    const input = words(24);
    const output = await runFlow(fanout(8), { words: input }, options(server));
    expect(output).toEqual(input.map((w) => w.toUpperCase()));
    expect(server.requests).toHaveLength(24);
    // The answers really came back out of order.
    const answeredWords = server.answered.map((i) => JSON.parse(lastUser(server.requests[i]!.body)).word);
    expect(answeredWords).not.toEqual(input);
    expect([...answeredWords].sort()).toEqual([...input].sort());
  });

  it("fail-fast: one failing item aborts its siblings' HTTP requests", async () => {
    const server = await serve((body) => {
      const word = JSON.parse(lastUser(body)).word;
      return word === "w3" ? { status: 400, message: "bad request for w3", delayMs: 50 } : { hang: true };
    });
    const started = Date.now();
    const error = await runFlow(fanout(6), { words: words(6) }, options(server, { timeoutMs: 20_000 })).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("fanout/map[3]/shout");
    expect((error as Error).message).toContain("HTTP 400");
    expect((error as Error).message).toContain("bad request for w3");
    // Every sibling's request was cancelled at the socket.
    await waitFor(() => server.inFlight === 0);
    expect(server.requests).toHaveLength(6);
  });
});

// ---- retries and failures ------------------------------------------------------------------

describe("retries and failures over HTTP", () => {
  const company = (name = "Acme") => `{"name":"${name}","score":7}`;

  it("429 with Retry-After waits as told, then succeeds", async () => {
    const server = await serve((_b, i) => (i === 0 ? { status: 429, retryAfter: 1 } : { content: company() }));
    const events: RunEvent[] = [];
    const started = Date.now();
    const result = await run(describeCompany, { name: "Acme" }, options(server, { onEvent: (e) => events.push(e) }));
    expect(result.output).toEqual({ name: "Acme", score: 7 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
    const retry = events.find((e) => e.type === "retry");
    expect(retry).toMatchObject({ type: "retry", path: "describe_company", model: "gpt-test", attempt: 1, delayMs: 1000, status: 429 });
    // Only the answered request counts.
    expect(result.usage.total.calls).toBe(1);
  });

  it("500 then success", async () => {
    const server = await serve((_b, i) => (i === 0 ? { status: 500 } : { content: company() }));
    const events: RunEvent[] = [];
    const result = await run(describeCompany, { name: "Acme" }, options(server, { onEvent: (e) => events.push(e) }));
    expect(result.output.score).toBe(7);
    expect(server.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === "retry")).toMatchObject([{ status: 500, attempt: 1 }]);
  });

  it("a request that times out is retried; when every attempt times out the error names the path", async () => {
    let server = await serve((_b, i) => (i === 0 ? { hang: true } : { content: company() }));
    const result = await run(describeCompany, { name: "Acme" }, options(server, { timeoutMs: 250 }));
    expect(result.output.name).toBe("Acme");
    expect(server.requests).toHaveLength(2);

    server = await serve(() => ({ hang: true }));
    const error = await run(describeCompany, { name: "Acme" }, options(server, { timeoutMs: 150, retries: 1 })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^Model request failed at describe_company \(model gpt-test, no HTTP status\) after 2 attempts: .*timed out after 150 ms/);
    expect(server.requests).toHaveLength(2);
    await waitFor(() => server.inFlight === 0);
  });

  it("a malformed JSON body is retried", async () => {
    const server = await serve((_b, i) => (i === 0 ? { malformed: true } : { content: company() }));
    const events: RunEvent[] = [];
    const result = await run(describeCompany, { name: "Acme" }, options(server, { onEvent: (e) => events.push(e) }));
    expect(result.output.name).toBe("Acme");
    expect(events.find((e) => e.type === "retry")).toMatchObject({ error: expect.stringContaining("malformed JSON body") });
  });

  it("a non-retryable status fails at once with the call path", async () => {
    const server = await serve(() => ({ status: 404, message: "The model `gpt-test` does not exist" }));
    const error = await run(describeCompany, { name: "Acme" }, options(server)).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `Model request failed at describe_company (model gpt-test, HTTP 404) after 1 attempt: ` +
        `Model request failed with HTTP 404 (model gpt-test at ${new URL(server.url).host}): The model \`gpt-test\` does not exist. Check the model id and OPENAI_BASE_URL.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("a schema-invalid answer is sent back once with the problem, then repaired", async () => {
    const server = await serve((_b, i) => (i === 0 ? { content: '{"name":"Acme","score":"high"}' } : { content: company() }));
    const result = await run(describeCompany, { name: "Acme" }, options(server));
    expect(result.output).toEqual({ name: "Acme", score: 7 });
    expect(server.requests).toHaveLength(2);
    const repair = server.requests[1]!.body.messages;
    expect(repair.slice(2).map((m: any) => m.role)).toEqual(["assistant", "user"]);
    expect(repair[2].content).toBe('{"name":"Acme","score":"high"}');
    expect(repair[3].content).toMatch(/^Your answer was invalid: .*score/);
    expect(result.usage.total.calls).toBe(2);
  });

  it("three invalid answers (two repair turns) fail the worker", async () => {
    const server = await serve(() => ({ content: "not json" }));
    const error = await run(describeCompany, { name: "Acme" }, options(server)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^Worker describe_company at describe_company returned invalid output 3 times \(after 2 repair turns\): it is not valid JSON/);
    expect(server.requests).toHaveLength(3);
  });
});

// ---- depth, usage, secrets, record/replay ----------------------------------------------------

describe("depth limit", () => {
  const recurse: ReturnType<typeof defineWorker<{ level: number }, string>> = defineWorker<{ level: number }, string>({
    name: "recurse",
    input: z.object({ level: z.number().int() }),
    output: z.string(),
    model,
    instructions: "RECURSE at level {{level}}",
    uses: () => [recurse],
  });

  it("a worker that keeps delegating to itself is stopped at max depth; the error goes back to the model", async () => {
    const server = await serve((body) => {
      const results = toolMessages(body);
      if (results.length > 0) return { content: `level ${JSON.parse(body.messages[1].content).level} got: ${results[0].content}` };
      return { toolCalls: [{ name: "recurse", arguments: { level: JSON.parse(body.messages[1].content).level + 1 } }] };
    });
    const result = await run(recurse, { level: 0 }, options(server, { maxDepth: 2 }));
    // Depths 0, 1, 2 run a worker; the call to depth 3 is refused and reported as the tool result.
    expect(result.output).toMatch(/^level 0 got: level 1 got: level 2 got: Error: Call depth 3 exceeds max_depth 2 \(RunOptions\.maxDepth\) at recurse\/recurse\/recurse\/recurse$/);
    expect(server.requests).toHaveLength(6);
  });
});

describe("usage totals", () => {
  it("are exact over the whole call tree, per worker and per model", async () => {
    const server = await serve((body, index) => ({
      content: JSON.parse(lastUser(body)).word.toUpperCase(),
      usage: { prompt_tokens: 100 + index, completion_tokens: 7 * (index + 1) },
    }));
    const result = await run(fanout(4), { words: words(9) }, options(server));
    const expectedPrompt = server.requests.reduce((sum, r) => sum + 100 + r.index, 0);
    const expectedCompletion = server.requests.reduce((sum, r) => sum + 7 * (r.index + 1), 0);
    expect(expectedPrompt).toBe(936);
    expect(expectedCompletion).toBe(315);
    expect(result.usage.total).toMatchObject({ calls: 9, promptTokens: 936, completionTokens: 315, totalTokens: 1251 });
    expect(result.usage.byWorker.shout).toMatchObject({ calls: 9, promptTokens: 936, completionTokens: 315 });
    expect(result.usage.byModel["gpt-test"]).toMatchObject({ calls: 9, totalTokens: 1251 });
  });
});

describe("secrets and recordings", () => {
  it("no file written (trace, recording) contains the API key", async () => {
    // The server echoes what it received, key included, in answers and errors.
    const server = await serve((body, index) => {
      const auth = server.requests[index]!.authorization;
      if (system(body) === "SHOUT" && JSON.parse(lastUser(body)).word === "boom") {
        return { status: 401, message: `Incorrect API key provided: ${KEY} (${auth})` };
      }
      return { content: `${JSON.parse(lastUser(body)).word} ${auth} ${KEY}` };
    });
    const trace = join(dir, "secret.trace.jsonl");
    const recording = join(dir, "secret.recording.jsonl");
    const provider = createProvider({ kind: "record", path: recording, inner: openai(server) });
    const output = await runFlow(fanout(2), { words: ["a", "b"] }, { provider, trace });
    expect(output[0]).toBe(`a Bearer ${KEY} ${KEY}`); // what the model said reaches the caller unchanged
    await provider.close!();
    const failTrace = join(dir, "secret-fail.trace.jsonl");
    const error = await runFlow(fanout(2), { words: ["boom"] }, options(server, { trace: failTrace, retries: 0 })).catch((e: Error) => e);
    expect((error as Error).message).toContain("HTTP 401");
    expect((error as Error).message).not.toContain("SECRET123");
    for (const file of [trace, recording, failTrace]) {
      const text = readFileSync(file, "utf8");
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain("SECRET123");
      expect(text).not.toMatch(/Bearer sk-/);
    }
  });

  it("a run recorded over HTTP replays offline with the same output and usage", async () => {
    const server = await serve(
      (body) => ({ content: JSON.parse(lastUser(body)).word.toUpperCase(), usage: { prompt_tokens: 3, completion_tokens: 2 } }),
      { latencyMs: 1, jitterMs: 30, seed: 3 },
    );
    const file = join(dir, "fanout.recording.jsonl");
    const recorder = createProvider({ kind: "record", path: file, apiKey: KEY, baseURL: server.url });
    const recorded = await run(fanout(4), { words: words(10) }, { provider: recorder });
    await recorder.close!();
    const requestsMade = server.requests.length;
    const replayed = await run(fanout(4), { words: words(10) }, { provider: new ReplayProvider({ path: file }) });
    expect(replayed.output).toEqual(recorded.output);
    expect(replayed.usage.total).toEqual(recorded.usage.total);
    expect(server.requests.length).toBe(requestsMade);
    // A changed input misses, naming the worker and path.
    const miss = await run(fanout(4), { words: ["new"] }, { provider: new ReplayProvider({ path: file }) }).catch((e: Error) => e);
    expect((miss as Error).message).toContain('No recorded model response for worker "shout" at fanout/map[0]/shout.');
    expect((miss as Error).message).toContain("--record");
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
