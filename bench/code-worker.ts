// Code worker figures (issue #18), on a scripted OpenAI-compatible server on
// 127.0.0.1 through the runtime's real openai provider. Run from the
// repository root:
//
//   npx tsx bench/code-worker.ts                 # ~10M tokens of haystack
//   npx tsx bench/code-worker.ts --tokens 1000000 --latency 20
//
// 1. NIAH: one code worker gets a haystack of ~N tokens (4 characters each)
//    as a sandbox variable, cuts it into chunks in a cell and asks a model
//    about every chunk with llm_batch, once at concurrency 16 and once at 1
//    (sequential). Every sub-call waits --latency ms on the server.
// 2. Sandbox cost: booting a sandbox, a trivial cell, a cell that calls a
//    host function once, and print.
import { writeFileSync } from "node:fs";
import { defineCodeWorker, run, z } from "../runtime/index.ts";
import { Sandbox } from "../runtime/code/sandbox.ts";
import { createOpenAIProvider } from "../runtime/models/index.ts";
import { startOpenAIServer } from "../runtime/testing/openai-server.ts";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const tokens = arg("tokens", 10_000_000);
const latencyMs = arg("latency", 50);
const CHUNK_CHARS = 64_000;
const NEEDLE = "The magic number is 7481.";

const cell = [
  "```js",
  `const size = ${CHUNK_CHARS}; const chunks = [];`,
  "for (let i = 0; i < haystack.length; i += size) chunks.push(haystack.slice(i, i + size));",
  'const answers = llm_batch(chunks.map((text) => ({ prompt: "What is the magic number? Answer none if the text does not say.", text })));',
  'FINAL(answers.find((a) => a !== "none"))',
  "```",
].join("\n");

function haystack(chars: number): string {
  const filler = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again. ";
  const text = filler.repeat(Math.ceil(chars / filler.length)).slice(0, chars);
  const at = Math.floor(chars * 0.71);
  return text.slice(0, at) + NEEDLE + text.slice(at + NEEDLE.length);
}

interface NiahRun {
  /** From the run's start to its result. */
  readonly seconds: number;
  /** From the first sub-call's arrival at the server to the result: the batch itself. */
  readonly batchSeconds: number;
  readonly subCalls: number;
  readonly inFlightMax: number;
  readonly answer: string;
}

async function niah(concurrency: number, text: string): Promise<NiahRun> {
  let firstSubCall = 0;
  const server = await startOpenAIServer({
    latencyMs,
    handler: (body: { messages: { content: string }[] }) => {
      if (body.messages[0]!.content.includes(" a code worker: ")) return { content: cell, delayMs: 0 };
      firstSubCall ||= performance.now();
      const found = /The magic number is (\d+)/.exec(body.messages[1]!.content);
      return { content: found ? found[1]! : "none" };
    },
  });
  const worker = defineCodeWorker({
    name: "niah",
    input: z.object({ haystack: z.string() }),
    output: z.string(),
    instructions: "Find the magic number in haystack.",
    settings: { batchConcurrency: concurrency, maxSubCalls: 10_000, memoryLimitBytes: 1024 * 1024 * 1024, cellTimeMs: 120_000 },
  });
  try {
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: "bench" });
    const started = performance.now();
    const result = await run(worker, { haystack: text }, { provider, maxInFlight: 64 });
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    return { seconds, batchSeconds: (ended - firstSubCall) / 1000, subCalls: server.requests.length - 1, inFlightMax: server.inFlightMax, answer: result.output };
  } finally {
    await server.close();
  }
}

async function sandboxCost(): Promise<Record<string, number>> {
  const options = { memoryLimitBytes: 64 << 20, maxStackBytes: 16 << 10, cellTimeMs: 10_000, maxOutputChars: 4000, signal: new AbortController().signal };
  const boots: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    (await Sandbox.create(options, { doc: "x" }, { echo: ([v]) => v })).dispose();
    boots.push(performance.now() - started);
  }
  const sandbox = await Sandbox.create(options, { doc: "x" }, { echo: ([v]) => v });
  const time = async (code: string, n: number) => {
    for (let i = 0; i < 20; i++) await sandbox.run(code); // warm up
    const started = performance.now();
    for (let i = 0; i < n; i++) await sandbox.run(code);
    return ((performance.now() - started) / n) * 1000;
  };
  const result = {
    bootMsMedian: boots.sort((a, b) => a - b)[5]!,
    trivialCellUs: await time("1 + 1", 500),
    hostCallCellUs: await time("echo({ a: [1, 2, 3] })", 500),
    printCellUs: await time("print('hello', { a: 1 })", 500),
  };
  sandbox.dispose();
  return result;
}

const text = haystack(tokens * 4);
console.error(`haystack: ${text.length.toLocaleString()} characters (~${tokens.toLocaleString()} tokens), ${Math.ceil(text.length / CHUNK_CHARS)} chunks, ${latencyMs} ms per sub-call`);
// Warm-up on the same haystack: module loads, the SDK, and V8 optimizing the
// sandbox's WebAssembly (the first large run is several times slower without it).
await niah(16, text);
const batched = await niah(16, text);
console.error(`concurrency 16: ${batched.seconds.toFixed(2)} s (batch ${batched.batchSeconds.toFixed(2)} s), ${batched.subCalls} sub-calls, ${batched.inFlightMax} in flight at most, answer ${batched.answer}`);
const sequential = await niah(1, text);
console.error(`sequential:     ${sequential.seconds.toFixed(2)} s (batch ${sequential.batchSeconds.toFixed(2)} s), ${sequential.subCalls} sub-calls, ${sequential.inFlightMax} in flight at most, answer ${sequential.answer}`);
const cost = await sandboxCost();
const figures = {
  tokens,
  latencyMs,
  chunks: batched.subCalls,
  batchedSeconds: round(batched.seconds),
  sequentialSeconds: round(sequential.seconds),
  batchedBatchSeconds: round(batched.batchSeconds),
  sequentialBatchSeconds: round(sequential.batchSeconds),
  speedup: round(sequential.seconds / batched.seconds),
  batchSpeedup: round(sequential.batchSeconds / batched.batchSeconds),
  sandbox: Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, round(v)])),
};
console.log(JSON.stringify(figures, null, 2));
if (process.argv.includes("--save")) writeFileSync(new URL("./code-worker-results.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
