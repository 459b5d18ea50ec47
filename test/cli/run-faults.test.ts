// `flowc run` under faults (issue #16 rows 5, 11, 12, 13): extra input fields,
// retries and repairs on stderr, and the flags for timeouts, retries, repair
// turns, retry waits, requests in flight and prices, against the scripted
// local server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIServer, type OpenAIServer } from "../../runtime/testing/openai-server.ts";
import type { ScriptedReply } from "../../runtime/testing/openai-server.ts";
import { GREET_FLOW } from "./fixtures.ts";
import { flowc, makeProject } from "./helpers.ts";

const CARD_FLOW = `/// What a greeting card says.
type Card {
  greeting: string
  letters: int
}

model local = "llama-3-8b"

/// Writes one card.
worker card(name: string) -> Card {
  model: local
  instructions: "Card for {{name}}."
}

/// A card for everyone.
flow cards(names: string[]) -> Card[] {
  return map n in names (concurrency: 4) => card(name: n)
}
`;

let project: { dir: string; cleanup: () => void };
let server: OpenAIServer;
/** Requests per name so far, so a name can fail only on its first request. */
const seen = new Map<string, number>();

function greetReply(name: string, count: number): ScriptedReply {
  if (name === "Flaky" && count === 1) return { status: 500, message: "The server had an error" };
  if (name === "Slow" && count === 1) return { hang: true };
  if (name === "Limited") return { status: 429, retryAfter: 5 };
  if (name === "Broken") return { status: 500 };
  return { content: `Hello, ${name}!` };
}

beforeAll(async () => {
  project = makeProject({ "greet.flow": GREET_FLOW, "cards.flow": CARD_FLOW });
  server = await startOpenAIServer({
    handler: (body: { messages: { content: string }[] }) => {
      const system = body.messages[0]!.content;
      const name = /(?:Greet|Card for) (\w+)/.exec(system)?.[1] ?? "you";
      const count = (seen.get(system) ?? 0) + 1;
      seen.set(system, count);
      if (system.startsWith("Card")) {
        return { content: count === 1 ? `{"greeting":"Hi ${name}","letters":"many"}` : `{"greeting":"Hi ${name}","letters":${name.length}}` };
      }
      return greetReply(name, count);
    },
  });
});

afterAll(async () => {
  await server.close();
  project.cleanup();
});

const people = (...names: string[]) => JSON.stringify({ people: names.map((name) => ({ name, age: 30 })) });
async function run(args: string[]) {
  server.reset();
  seen.clear();
  return flowc(["run", ...args], { cwd: project.dir, env: { OPENAI_BASE_URL: server.url } });
}

describe("--input with fields the flow does not take", () => {
  it("is an error naming each of them, before any model call", async () => {
    const input = JSON.stringify({ people: [{ name: "Ada", age: 36, nickname: "A" }], mood: "cheerful" });
    const result = await run(["greet.flow", "greet_all", "--input", input]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: --input has fields greet_all does not take: people[0].nickname, mood\n" +
        "help: greet_all takes { people: Person[] }; remove them, or pass --allow-extra-input to ignore them\n",
    });
    expect(server.requests).toHaveLength(0);
  });

  it("runs with --allow-extra-input, without them", async () => {
    const input = JSON.stringify({ people: [{ name: "Ada", age: 36, nickname: "A" }] });
    const result = await run(["greet.flow", "greet_all", "--input", input, "--allow-extra-input"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[\n  "Hello, Ada!"\n]\n');
  });
});

describe("retries and repairs off a terminal", () => {
  it("are a line each on stderr", async () => {
    const result = await run(["greet.flow", "greet_all", "--input", people("Ada", "Flaky"), "--timeout", "5000"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[\n  "Hello, Ada!",\n  "Hello, Flaky!"\n]\n');
    expect(result.stderr).toMatch(
      /^retry greet_all\/map\[1\]\/greet: gpt-4\.1-mini \(HTTP 500\), attempt 1 of 7 failed, next in \d+ms: Model request failed with HTTP 500 \(model gpt-4\.1-mini at 127\.0\.0\.1:\d+\): The server had an error\.\nusage: 2 model calls/,
    );

    const cards = await run(["cards.flow", "cards", "--input", '{"names": ["Ada"]}']);
    expect(cards.code).toBe(0);
    expect(cards.stderr).toMatch(
      /^repair cards\/map\[0\]\/card: invalid answer, repair turn 1 of 2: it does not match the schema: letters: Invalid input: expected number, received string\nusage: 2 model calls/,
    );
  });
});

describe("fault flags", () => {
  it("--timeout MS times out a request, which is retried", async () => {
    const result = await run(["greet.flow", "greet_all", "--input", people("Slow"), "--timeout", "300"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^retry greet_all\/map\[0\]\/greet: gpt-4\.1-mini, attempt 1 of 7 failed, next in \d+ms: request timed out after 300 ms\n/);
    expect(server.requests).toHaveLength(2);
  });

  it("--retries N, and --max-calls counts the failed requests", async () => {
    const result = await run(["greet.flow", "greet_all", "--input", people("Broken"), "--retries", "0"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: Model request failed at greet_all/map[0]/greet (model gpt-4.1-mini, HTTP 500) after 1 attempt");
    expect(server.requests).toHaveLength(1);

    const budget = await run(["greet.flow", "greet_all", "--input", people("Broken", "Broken"), "--max-calls", "3", "--max-retry-wait", "0.01"]);
    expect(budget.code).toBe(1);
    expect(budget.stderr).toContain("error: Budget exceeded: maxCalls 3 (3 requests sent, failed and retried ones included); the next request was not sent");
    expect(server.requests).toHaveLength(3);
  });

  it("--repair-turns N", async () => {
    const result = await run(["cards.flow", "cards", "--input", '{"names": ["Ada"]}', "--repair-turns", "0"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: Worker card at cards/map[0]/card returned invalid output once (repair turns are off: RunOptions.repairTurns 0): it does not match the schema: letters:");
    expect(server.requests).toHaveLength(1);
  });

  it("--max-retry-wait S: a longer Retry-After fails at once, saying how to raise it", async () => {
    const result = await run(["greet.flow", "greet_all", "--input", people("Limited"), "--max-retry-wait", "2"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: Model request failed at greet_all/map[0]/greet (model gpt-4.1-mini, HTTP 429) after 1 attempt: the server asked to wait 5 s before retrying (Retry-After), " +
        "more than the maximum retry wait of 2 s; to wait that long, raise RunOptions.maxRetryWaitMs (flowc run: --max-retry-wait SECONDS)\n",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("--max-in-flight N caps the requests in flight", async () => {
    const result = await run(["greet.flow", "greet_all", "--input", people("Ada", "Bob", "Cy"), "--max-in-flight", "1"]);
    expect(result.code).toBe(0);
    expect(server.inFlightMax).toBe(1);
  });

  it("--max-usd with a model flowc has no price for is an error before the first call; --price gives it", async () => {
    const refused = await run(["cards.flow", "cards", "--input", '{"names": ["Ada"]}', "--max-usd", "1"]);
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: --max-usd needs the price of llama-3-8b, which flowc does not know, so the budget could not hold\n" +
        "help: give it with --price MODEL=IN/OUT in USD per 1M input and output tokens, e.g. --price llama-3-8b=0.10/0.40\n",
    });
    expect(server.requests).toHaveLength(0);

    const priced = await run(["cards.flow", "cards", "--input", '{"names": ["Ada"]}', "--max-usd", "1", "--price", "llama-3-8b=1/2"]);
    expect(priced.code).toBe(0);
    // Two answers of 10 + 5 tokens at $1 and $2 per 1M.
    expect(priced.stderr).toMatch(/\nusage: 2 model calls, 20 tokens in, 10 out, \$0\.000040, /);

    const malformed = await run(["cards.flow", "cards", "--price", "llama-3-8b=cheap"]);
    expect(malformed).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: --price expects MODEL=IN/OUT in USD per 1M input and output tokens, got 'llama-3-8b=cheap'\n" +
        "help: for example: --price llama-3-8b=0.10/0.40\n",
    });
  });

  it("refuses malformed numbers", async () => {
    const result = await run(["greet.flow", "greet_all", "--retries", "-1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: option '--retries <n>' argument '-1' is invalid. expected a whole number (0 or more)\nhelp: see 'flowc run --help'\n");
  });
});
