// The pitchdeck example on two providers, by changing only its `model` lines:
// evaluate_deck on OpenAI, write_memo on Anthropic (`anthropic:claude-…`).
// Both are scripted servers on 127.0.0.1 answering what the committed recording
// answers, so the run prints exactly the example's expected output; it is
// recorded, then replayed offline to the same output.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRecording } from "../../runtime/models/record.ts";
import type { RecordingEntry } from "../../runtime/models/record.ts";
import { requestKey } from "../../runtime/models/request-key.ts";
import { startAnthropicServer } from "../../runtime/testing/anthropic-server.ts";
import type { AnthropicServer } from "../../runtime/testing/anthropic-server.ts";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";
import type { OpenAIServer } from "../../runtime/testing/openai-server.ts";
import { flowc, makeProject, ROOT } from "../cli/helpers.ts";

const EXAMPLE = path.join(ROOT, "examples", "pitchdeck");
const committed = parseRecording(readFileSync(path.join(EXAMPLE, "recording.jsonl"), "utf8")).entries;
const expected = readFileSync(path.join(ROOT, "test", "examples", "expected", "pitchdeck.json"), "utf8");
const memo = committed.find((e) => e.worker === "write_memo")!.response.message.content!;

/** The example with its `model` lines changed: a second model on Anthropic, used by write_memo. */
function twoProviderPitchdeck(source: string): string {
  const lines = source.replace(
    'model analyst = "gpt-4.1-mini" { temperature: 0.2 }',
    'model analyst = "gpt-4.1-mini" { temperature: 0.2 }\nmodel writer = "anthropic:claude-haiku-4-5" { temperature: 0.2 }',
  );
  const memoWorker = lines.indexOf("worker write_memo");
  return lines.slice(0, memoWorker) + lines.slice(memoWorker).replace("model: analyst", "model: writer");
}

let project: { dir: string; cleanup: () => void };
let openai: OpenAIServer;
let anthropic: AnthropicServer;
beforeAll(async () => {
  project = makeProject({ "package.json": '{ "type": "module" }\n', "flowc.config.json": "{}\n" });
  for (const name of ["types.flow", "input.json", "tools"]) cpSync(path.join(EXAMPLE, name), path.join(project.dir, name), { recursive: true });
  writeFileSync(path.join(project.dir, "pitchdeck.flow"), twoProviderPitchdeck(readFileSync(path.join(EXAMPLE, "pitchdeck.flow"), "utf8")));
  const byKey = new Map<string, RecordingEntry>(committed.map((e) => [e.key, e]));
  openai = await startOpenAIServer({
    handler: (body) => {
      const entry = byKey.get(requestKey(body));
      if (!entry) return { status: 400, message: "not in the committed recording" };
      const { content, tool_calls } = entry.response.message;
      return tool_calls
        ? { content, toolCalls: tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })), usage: entry.response.usage }
        : { content, usage: entry.response.usage };
    },
  });
  anthropic = await startAnthropicServer(() => ({ content: [{ type: "text", text: memo }], usage: { input_tokens: 700, output_tokens: 150, cache_read_input_tokens: 300 } }));
});
afterAll(async () => {
  await Promise.all([openai?.close(), anthropic?.close()]);
  project?.cleanup();
});

const run = (extra: readonly string[], env: Record<string, string>) =>
  flowc(["run", "pitchdeck.flow", "evaluate_decks", "--input", "@input.json", "--approve", "save_report", "--out", "generated", ...extra], { cwd: project.dir, env });

describe("the pitchdeck example on two providers", () => {
  it("names the variable of the provider that has no credentials", async () => {
    const result = await run([], { OPENAI_API_KEY: "sk-test-openai" });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: no model to call: ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL are both unset\n" +
        "help: export ANTHROPIC_API_KEY=sk-ant-... to use Anthropic, or ANTHROPIC_BASE_URL for an Anthropic-compatible server; " +
        "or run offline on a recording with --replay FILE\n",
    });
  });

  it("runs evaluate_deck on OpenAI and write_memo on Anthropic, records, and replays offline", async () => {
    const env = { OPENAI_API_KEY: "sk-test-openai", OPENAI_BASE_URL: openai.url, ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: anthropic.url };
    const recorded = await run(["--record", "two.jsonl"], env);
    expect(recorded.stderr).toMatch(/^usage: 9 model calls, /);
    expect(recorded.stdout).toBe(expected);
    expect(recorded.code).toBe(0);
    expect(openai.requests.map((r) => r.body.model)).toEqual(Array(8).fill("gpt-4.1-mini"));
    expect(anthropic.requests).toHaveLength(1);
    const memoRequest = anthropic.requests[0]!.body;
    expect({ model: memoRequest.model, temperature: memoRequest.temperature, roles: memoRequest.messages.map((m: { role: string }) => m.role) }).toEqual({
      model: "claude-haiku-4-5",
      temperature: 0.2,
      roles: ["user"],
    });
    expect(memoRequest.system).toBe(committed.find((e) => e.worker === "write_memo")!.request.messages[0]!.content);

    const recording = parseRecording(readFileSync(path.join(project.dir, "two.jsonl"), "utf8"));
    expect(recording.header?.recorded_from).toEqual({ provider: "openai+anthropic" });
    expect(recording.entries.map((e) => `${e.worker} ${e.request.model}`).sort()).toEqual([
      ...Array(8).fill("evaluate_deck gpt-4.1-mini"),
      "write_memo anthropic:claude-haiku-4-5",
    ]);
    expect(recording.entries.find((e) => e.worker === "write_memo")!.response.usage).toEqual({
      prompt_tokens: 1000,
      completion_tokens: 150,
      cache_read_tokens: 300,
    });

    const replayed = await run(["--replay", "two.jsonl"], {});
    expect(replayed.stderr).toMatch(/^usage: 9 model calls, .* \(replayed\)/);
    expect(replayed.stdout).toBe(expected);
    expect(replayed.code).toBe(0);
    rmSync(path.join(project.dir, "out"), { recursive: true, force: true });
  });
});
