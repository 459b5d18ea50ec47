// Completion in unsaved edits of the examples: `‸` marks the cursor.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LspClient, positionIn, ROOT } from "./client.ts";

const root = path.join(ROOT, "examples");
const pitchdeck = path.join(root, "pitchdeck", "pitchdeck.flow");
const decompose = path.join(root, "decompose", "decompose.flow");
const texts = new Map([pitchdeck, decompose].map((f) => [f, readFileSync(f, "utf8")]));
let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start({ root });
});
afterAll(async () => {
  await client.stop();
});

interface Item {
  label: string;
  kind: number;
  detail?: string;
}

/** The labels offered at `‸` after replacing `from` with `to` in the file's text. */
async function complete(file: string, from: string, to: string): Promise<Item[]> {
  const original = texts.get(file)!;
  if (!original.includes(from)) throw new Error(`\`${from}\` not in ${file}`);
  const marked = original.replace(from, to);
  await client.open(file, marked.replace("‸", ""));
  try {
    return (await client.request<Item[]>("textDocument/completion", file, positionIn(marked, "‸"))) ?? [];
  } finally {
    await client.close(file);
  }
}
const labels = async (file: string, from: string, to: string) => (await complete(file, from, to)).map((i) => i.label);

const BUILTINS = ["split", "flatten", "len", "join", "concat", "sum", "min", "max", "sort", "count"];
const EXPRESSION_KEYWORDS = ["map", "filter", "reduce", "true", "false", "and", "or", "not"];
const STATEMENT_KEYWORDS = ["let", "if", "else", "repeat", "break", "return"];

describe("completion", () => {
  test("record fields after `.`, with their types", async () => {
    expect(await complete(decompose, "if review.ok", "if review.‸")).toEqual([
      { label: "ok", kind: 5, detail: "bool" },
      { label: "notes", kind: 5, detail: "string[]", documentation: "What to fix; empty when ok." },
    ]);
    expect(await labels(pitchdeck, "context: deck.text", "context: deck.‸")).toEqual(["name", "text"]);
  });

  test("enum members after the enum's name", async () => {
    expect(await labels(pitchdeck, "  return memo\n", "  let v = Verdict.‸\n  return memo\n")).toEqual(["invest", "maybe", "pass"]);
  });

  test("in a flow: locals in scope (innermost first), callables and enums, built-ins, keywords", async () => {
    expect(await labels(decompose, "    current = revise", "    ‸\n    current = revise")).toEqual([
      "review",
      "current",
      "draft",
      "plan_task",
      "critique",
      "revise",
      "refine",
      "plan",
      ...BUILTINS,
      ...STATEMENT_KEYWORDS,
      ...EXPRESSION_KEYWORDS,
    ]);
  });

  test("a `let` being typed is not in scope yet; mid-expression there are no statement keywords", async () => {
    expect(await labels(pitchdeck, "  return memo\n", "  let q = ev‸\n  return memo\n")).toEqual([
      "memo",
      "ranked",
      "evaluations",
      "decks",
      "Verdict",
      "evaluate_deck",
      "market_size",
      "save_report",
      "rank",
      "write_memo",
      "evaluate_decks",
      ...BUILTINS,
      ...EXPRESSION_KEYWORDS,
    ]);
  });

  test("worker settings not given yet, and what each setting takes", async () => {
    expect(await labels(pitchdeck, "  max_turns: 4\n", "  max_turns: 4\n  ‸\n")).toEqual(["max_depth", "temperature", "retries", "answer", "max_sub_calls", "batch_concurrency"]);
    expect(await labels(pitchdeck, "  model: analyst\n  instructions: \"Write", "  model: an‸\n  instructions: \"Write")).toEqual(["analyst"]);
    expect(await labels(pitchdeck, "uses: [market_size]", "uses: [‸]")).toEqual(["evaluate_deck", "market_size", "save_report", "rank", "write_memo", "evaluate_decks"]);
  });

  test("parameters and their fields inside `{{...}}`", async () => {
    expect(await labels(pitchdeck, "{{deck.name}}", "{{‸}}")).toEqual(["deck"]);
    expect(await labels(pitchdeck, "{{deck.name}}", "{{deck.‸}}")).toEqual(["name", "text"]);
  });

  test("type names in a signature and in a record", async () => {
    const TYPES = ["string", "int", "number", "bool", "json", "void", "Deck", "Verdict", "Evaluation"];
    expect(await labels(pitchdeck, "tool rank(evaluations: Evaluation[])", "tool rank(evaluations: Ev‸)")).toEqual(TYPES);
    expect(await labels(pitchdeck, "  risks: string[]", "  risks: ‸")).toEqual(TYPES);
  });

  test("declaration keywords at the top level; nothing in comments and strings", async () => {
    expect(await labels(pitchdeck, "/// Scores one pitch deck.", "/// Scores one pitch deck.\nwo‸")).toEqual(["import", "type", "enum", "model", "worker", "tool", "flow"]);
    expect(await labels(pitchdeck, "/// Scores one", "/// Sco‸res one")).toEqual([]);
    expect(await labels(pitchdeck, '"out/memo.md"', '"out/‸memo.md"')).toEqual([]);
  });
});
