// `flowc run`: input validation before any model call, provider selection,
// record -> replay -> trace end to end against the scripted local server.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIServer, type OpenAIServer } from "../../runtime/testing/openai-server.ts";
import { ADD_TOOL, GREET_FLOW, TOOL_FLOW } from "./fixtures.ts";
import { flowc, makeProject } from "./helpers.ts";

let project: { dir: string; cleanup: () => void };
let server: OpenAIServer;

beforeAll(async () => {
  project = makeProject({
    "greet.flow": GREET_FLOW,
    "sum.flow": TOOL_FLOW,
    "tools/add.ts": ADD_TOOL,
    "bad-input.json": '{\n  "people": [\n    { "name": "Ada", "age": 36 },\n  ]\n}\n',
  });
  server = await startOpenAIServer({
    handler: (body: { messages: { role: string; content: string }[] }) => {
      const name = /Greet (\w+)/.exec(body.messages[0]!.content)?.[1] ?? "you";
      return { content: `Hello, ${name}!`, usage: { prompt_tokens: 20, completion_tokens: 4 } };
    },
  });
});

afterAll(async () => {
  await server.close();
  project.cleanup();
});

const inServer = () => ({ OPENAI_BASE_URL: server.url });

describe("flowc run: the input is checked before any model call", () => {
  it("bad JSON in --input: error with line and column, exit 1", async () => {
    server.reset();
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", '{"people": [}'], { cwd: project.dir, env: inServer() });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'error: --input is not valid JSON: unexpected "}" (expected a value) at line 1, column 13\n' +
        `help: quote the JSON for your shell, e.g. --input '{"text": "hello"}', or put it in a file and pass --input @file.json\n`,
    });
    expect(server.requests).toHaveLength(0);
  });

  it("bad JSON in an @file: the file, line and column", async () => {
    server.reset();
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", "@bad-input.json"], { cwd: project.dir, env: inServer() });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: bad-input.json is not valid JSON: trailing comma before ']' at bad-input.json:4:3\nhelp: fix the file, then run again\n",
    });
    expect(server.requests).toHaveLength(0);
  });

  it("wrong shape: names the field path, exit 1, no model call", async () => {
    server.reset();
    const input = JSON.stringify({ people: [{ name: "Ada", age: 36 }, { name: "Bob", age: "forty" }] });
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", input], { cwd: project.dir, env: inServer() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: --input does not match the input of greet_all: people[1].age: Invalid input: expected number, received string\n" +
        "help: greet_all takes { people: Person[] }\n",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("a missing field is named too", async () => {
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", "{}"], { cwd: project.dir, env: inServer() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: --input does not match the input of greet_all: people: /);
  });

  it("an unknown flow is a usage error with a suggestion", async () => {
    const result = await flowc(["run", "greet.flow", "greet_al", "--input", "{}"], { cwd: project.dir });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: no flow named 'greet_al' in greet.flow (did you mean 'greet_all'?)\nhelp: flows in greet.flow: greet_all\n",
    });
  });
});

describe("flowc run: choosing the model provider", () => {
  it("without OPENAI_API_KEY, OPENAI_BASE_URL and --replay: says how to set them, exit 1", async () => {
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", '{"people": []}'], { cwd: project.dir });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: no model to call: OPENAI_API_KEY and OPENAI_BASE_URL are both unset\n" +
        "help: export OPENAI_API_KEY=sk-... to use OpenAI, or OPENAI_BASE_URL=http://localhost:11434/v1 for an " +
        "OpenAI-compatible server (Ollama, vLLM, llama.cpp); or run offline on a recording with --replay FILE\n",
    });
  });

  it("a plan without workers runs without any model", async () => {
    const result = await flowc(["run", "sum.flow", "sum", "--input", '{"a": 2, "b": 3}'], { cwd: project.dir });
    expect(result.stdout).toBe("5\n");
    expect(result.stderr).toMatch(/^usage: 0 model calls, 0 tokens in, 0 out, \$0\.00, \d+(ms|\.\ds)\n$/);
    expect(result.code).toBe(0);
  });

  it("--model must name a model of the plan", async () => {
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", '{"people": []}', "--model", "fsat=gpt-4.1"], {
      cwd: project.dir,
    });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --model fsat=...: the plan has no model 'fsat'\nhelp: models in this plan: fast (gpt-4.1-mini)\n",
    });
    const malformed = await flowc(["run", "greet.flow", "greet_all", "--model", "gpt-4.1"], { cwd: project.dir });
    expect(malformed).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --model expects ALIAS=ID, got 'gpt-4.1'\nhelp: for example: --model analyst=gpt-4.1\n",
    });
  });

  it("--replay of a missing recording is a usage error", async () => {
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", '{"people": []}', "--replay", "nope.jsonl"], {
      cwd: project.dir,
    });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: no such recording: nope.jsonl\nhelp: make one with --record nope.jsonl against a real model\n",
    });
  });
});

describe("flowc run: record, replay, trace", () => {
  const input = JSON.stringify({ people: [{ name: "Ada", age: 36 }, { name: "Bob", age: 41 }] });
  const expected = '[\n  "Hello, Ada!",\n  "Hello, Bob!"\n]\n';

  it("records against an OpenAI-compatible server", async () => {
    server.reset();
    const result = await flowc(["run", "greet.flow", "greet_all", "--input", input, "--record", "rec.jsonl"], {
      cwd: project.dir,
      env: inServer(),
    });
    expect(result.stdout).toBe(expected);
    expect(result.stderr).toMatch(/^usage: 2 model calls, 40 tokens in, 8 out, \$0\.000029, \d+(ms|\.\ds)\nrecorded rec\.jsonl\n$/);
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(readFileSync(path.join(project.dir, "rec.jsonl"), "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("replays offline with the same result, and writes a trace", async () => {
    const result = await flowc(
      ["run", "greet.flow", "greet_all", "--input", input, "--replay", "rec.jsonl", "--trace", "out/trace.jsonl"],
      { cwd: project.dir },
    );
    expect(result.stdout).toBe(expected);
    expect(result.stderr).toMatch(
      /^usage: 2 model calls, 40 tokens in, 8 out, \$0\.000029 \(replayed\), \d+(ms|\.\ds)\ntrace written to out\/trace\.jsonl \(view it with 'flowc trace out\/trace\.jsonl'\)\n$/,
    );
    expect(result.code).toBe(0);
    expect(existsSync(path.join(project.dir, "out", "trace.jsonl"))).toBe(true);
  });

  it("--max-calls stops the run: exit 1, what was spent, and how to raise the budget", async () => {
    const result = await flowc(
      ["run", "greet.flow", "greet_all", "--input", input, "--replay", "rec.jsonl", "--max-calls", "1"],
      { cwd: project.dir },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    // The usage line first (what was spent before the stop), then the error.
    expect(result.stderr).toMatch(/^usage: [01] model calls?, \d+ tokens in, \d+ out, \$[\d.]+ \(replayed\), \d+(ms|\.\ds)\nerror: Budget exceeded: maxCalls 1 /);
    expect(result.stderr.endsWith("help: raise --max-usd / --max-calls, or leave them out\n")).toBe(true);
  });

  it("flowc trace renders the call tree", async () => {
    const result = await flowc(["trace", "out/trace.jsonl"], { cwd: project.dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^run greet_all \(flow\) at /);
    expect(result.stdout).toContain("greet_all (flow)");
    expect(result.stdout).toMatch(/greet \(worker\b/);
  });

  it("a replay whose request changed fails with the runtime's explanation, exit 1", async () => {
    const changed = readFileSync(path.join(project.dir, "greet.flow"), "utf8").replace("warmly", "briefly");
    writeFileSync(path.join(project.dir, "greet-changed.flow"), changed);
    const result = await flowc(["run", "greet-changed.flow", "greet_all", "--input", input, "--replay", "rec.jsonl"], {
      cwd: project.dir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^usage: 0 model calls, 0 tokens in, 0 out, \$0\.00 \(replayed\), \d+(ms|\.\ds)\nerror: .*No recorded model response for worker "greet"/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a trace file that is not JSON lines", async () => {
    writeFileSync(path.join(project.dir, "not-a-trace.txt"), "hello\n");
    expect(await flowc(["trace", "not-a-trace.txt"], { cwd: project.dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: not-a-trace.txt:1 is not a JSON line; is this a flowc trace?\n",
    });
  });
});
