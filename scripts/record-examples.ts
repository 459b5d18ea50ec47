// Records the examples' model answers, honestly: it starts the scripted local
// OpenAI-compatible server (test/support/openai-server.ts) whose answers come
// from the rules in scripts/answerers.ts (no real model), runs each example
// through `flowc run ... --record` against it, and writes the example's
// `recording.jsonl`. Then it replays the recording and checks that the replay
// prints the same result.
//
//   npx tsx scripts/record-examples.ts                 # every example
//   npx tsx scripts/record-examples.ts pitchdeck ...   # some of them
//   ... --update-expected   also write the replayed result to test/examples/expected/NAME.json
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stableStringify } from "../runtime/models/request-key.ts";
import { startOpenAIServer } from "../runtime/testing/openai-server.ts";
import { answer } from "./answerers.ts";
import { EXAMPLES, type Example } from "./examples.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "flowc.js");
const RECORDED_FROM = {
  provider: "openai",
  host: "127.0.0.1 (scripted local server: scripts/record-examples.ts, answers from scripts/answerers.ts; not a real model)",
};

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function flowc(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  delete env.FORCE_COLOR;
  return env;
}

/** A message longer than this is shortened in the file (see `compact` in examples.ts). */
const KEEP_CHARS = 80;

/** Rewrites the header (a fixed host instead of a random port) and, if asked, shortens long messages. */
function postProcess(text: string, compact: boolean): string {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return (
    lines
      .map((line) => {
        const value = JSON.parse(line) as Record<string, any>;
        if ("flowc_recording" in value) return stableStringify({ ...value, recorded_from: RECORDED_FROM });
        if (compact) {
          // The key (sha256 of the full request) is what replay matches; the stored
          // request is only for reading and for "what changed" messages.
          for (const message of value.request.messages ?? []) {
            if (typeof message.content === "string" && message.content.length > KEEP_CHARS) {
              const length = message.content.length;
              message.content = `${message.content.slice(0, 48)}… [${length} chars, shortened]`;
            }
          }
          const format = value.request.response_format;
          if (format?.json_schema?.schema) {
            value.request.response_format = { type: format.type, json_schema: { name: format.json_schema.name, schema: "[shortened in this file]" } };
          }
        }
        return stableStringify(value);
      })
      .join("\n") + "\n"
  );
}

function runArgs(example: Example, extra: readonly string[]): string[] {
  return [
    "run",
    example.file,
    example.flow,
    "--input",
    `@${example.input}`,
    "--out",
    ".tmp/record-generated",
    "--no-progress",
    ...example.args,
    ...extra,
  ];
}

async function record(example: Example): Promise<void> {
  const server = await startOpenAIServer({ handler: (body) => answer(body), latencyMs: 2 });
  const temporary = path.join(ROOT, ".tmp", `recording-${example.name}.jsonl`);
  mkdirSync(path.dirname(temporary), { recursive: true });
  rmSync(temporary, { force: true });
  try {
    const env = { ...baseEnv(), OPENAI_BASE_URL: server.url };
    const recorded = await flowc(runArgs(example, ["--record", temporary]), env);
    if (recorded.code !== 0) {
      throw new Error(`${example.name}: the recording run failed (exit ${recorded.code}):\n${recorded.stderr}`);
    }
    const requests = server.requests.length;
    const target = path.join(ROOT, example.recording);
    const text = postProcess(readFileSync(temporary, "utf8"), example.compact ?? false);
    writeFileSync(target, text);

    const replayed = await flowc(runArgs(example, ["--replay", example.recording]), baseEnv());
    if (replayed.code !== 0) throw new Error(`${example.name}: the replay failed (exit ${replayed.code}):\n${replayed.stderr}`);
    if (replayed.stdout !== recorded.stdout) throw new Error(`${example.name}: the replay printed a different result`);
    if (updateExpected) writeFileSync(path.join(ROOT, "test", "examples", "expected", `${example.name}.json`), replayed.stdout);
    const size = Buffer.byteLength(text);
    process.stdout.write(
      `${example.name}: ${requests} model requests recorded to ${example.recording} (${(size / 1024).toFixed(1)} KB); replay ok\n`,
    );
  } finally {
    await server.close();
    rmSync(temporary, { force: true });
  }
}

const updateExpected = process.argv.includes("--update-expected");
const wanted = process.argv.slice(2).filter((arg) => arg !== "--update-expected");
const unknown = wanted.filter((name) => !EXAMPLES.some((e) => e.name === name));
if (unknown.length > 0) {
  process.stderr.write(`unknown example ${unknown.join(", ")}; examples: ${EXAMPLES.map((e) => e.name).join(", ")}\n`);
  process.exit(2);
}
for (const example of EXAMPLES) {
  if (wanted.length === 0 || wanted.includes(example.name)) await record(example);
}
