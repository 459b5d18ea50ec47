// Hover over the decompose and pitch-deck examples: signatures with their
// `///` docs, a worker's model and limits, fields, parameters, locals with
// their types, built-ins, worker settings, and an expression's type.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LspClient, ROOT } from "./client.ts";

const root = path.join(ROOT, "examples");
const pitchdeck = path.join(root, "pitchdeck", "pitchdeck.flow");
const decompose = path.join(root, "decompose", "decompose.flow");
let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start({ root });
  await client.open(pitchdeck);
  await client.open(decompose);
});
afterAll(async () => {
  await client.stop();
});

async function hover(file: string, needle: string, delta: number, nth = 0): Promise<string | null> {
  const result = await client.request<{ contents: { kind: string; value: string } } | null>("textDocument/hover", file, client.position(file, needle, delta, nth));
  return result === null ? null : result.contents.value;
}

describe("hover", () => {
  test("a worker: its signature, its model with the model's settings, its limits and its doc", async () => {
    expect(await hover(pitchdeck, "=> evaluate_deck(deck)", 4)).toBe(
      [
        "```flow",
        "worker evaluate_deck(deck: Deck) -> Evaluation",
        '  model: analyst = "gpt-4.1-mini" { temperature: 0.2 }',
        "```",
        "",
        "uses: `market_size` · max_turns: 4",
        "",
        "Scores one pitch deck.",
      ].join("\n"),
    );
  });

  test("a record from another module, with its fields and doc", async () => {
    expect(await hover(pitchdeck, "decks: Deck[]", 8)).toBe(
      "```flow\ntype Deck {\n  name: string\n  text: string\n}\n```\n\nA pitch deck as submitted: the company's name and the deck's text.\n\n*from types.flow*",
    );
  });

  test("a tool and a flow", async () => {
    expect(await hover(pitchdeck, "save_report(path:", 2)).toBe(
      '```flow\ntool save_report(path: string, markdown: string) -> void from "./tools/files.ts" needs approval\n```\n\nSaves a report under out/.',
    );
    expect(await hover(decompose, "return refine(", 8)).toBe(
      "```flow\nflow refine(draft: string) -> string\n```\n\nCritique and revise until the critic is satisfied, at most 4 rounds.",
    );
  });

  test("a field with its doc, an optional field", async () => {
    expect(await hover(decompose, "review.notes)", 9)).toBe("```flow\n(field) Review.notes: string[]\n```\n\nWhat to fix; empty when ok.");
    expect(await hover(pitchdeck, "notes?: string", 1)).toBe(
      "```flow\n(field) Evaluation.notes?: string\n```\n\nAnything the partners should know that does not fit above.",
    );
  });

  test("locals and parameters with their types", async () => {
    expect(await hover(decompose, "let review", 5)).toBe("```flow\n(let) review: Review\n```");
    expect(await hover(decompose, "let planned", 5)).toBe("```flow\n(let) planned: Plan\n```");
    expect(await hover(pitchdeck, "let evaluations", 5)).toBe("```flow\n(let) evaluations: Evaluation[]\n```");
    expect(await hover(pitchdeck, "map deck in", 5)).toBe("```flow\n(binder) deck: Deck\n```");
    expect(await hover(decompose, "critique(current)", 10)).toBe("```flow\n(let) current: string\n```");
    expect(await hover(decompose, "plan_task(task)", 11)).toBe("```flow\n(parameter) task: string\n```\n\nof flow `plan`");
  });

  test("a model, a built-in and a worker setting", async () => {
    expect(await hover(decompose, "model: planner", 8)).toBe('```flow\nmodel planner = "gpt-4.1-mini" { temperature: 0 }\n```');
    expect(await hover(decompose, "join(planned", 1)).toBe(
      "```flow\n(built-in) join(xs: string[], sep: string) -> string\n```\n\nThe strings joined with `sep` between them.",
    );
    expect(await hover(decompose, "max_depth: 4", 2)).toBe(
      "```flow\n(worker setting) max_depth\n```\n\nhow deep calls through this worker may nest; required on a worker in a `uses` cycle",
    );
  });

  test("elsewhere: the type of the smallest expression under the cursor; nothing outside one", async () => {
    expect(await hover(pitchdeck, "= map deck", 3)).toBe("```flow\n(expression) Evaluation[]\n```");
    expect(await hover(decompose, '"\\n"', 1)).toBe('```flow\n(expression) "\\n"\n```');
    expect(await hover(decompose, "// Decomposition", 4)).toBeNull();
  });
});
