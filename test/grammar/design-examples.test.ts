import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FlowDecl, WorkerDecl } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";

const file = new URL("./design-examples.flow", import.meta.url).pathname;
const text = readFileSync(file, "utf8");

describe("the example programs of DESIGN §2", () => {
  const { ast, errors } = parse(text, file);

  it("parse without a single problem", () => {
    expect(errors).toEqual([]);
  });

  it("declare everything in source order", () => {
    expect(ast.imports.map((i) => [i.names.map((n) => n.name), i.from.value])).toEqual([[["Deck"], "./types.flow"]]);
    expect(ast.decls.map((d) => `${d.kind} ${d.name.name}`)).toEqual([
      "EnumDecl Verdict",
      "TypeDecl Evaluation",
      "ModelDecl analyst",
      "WorkerDecl evaluate_deck",
      "ToolDecl market_size",
      "ToolDecl save_report",
      "ToolDecl rank",
      "WorkerDecl write_memo",
      "FlowDecl evaluate_decks",
      "TypeDecl Mention",
      "WorkerDecl find_mentions",
      "WorkerDecl merge_notes",
      "FlowDecl mentions",
      "FlowDecl digest",
      "FlowDecl refine",
    ]);
  });

  it("attaches the doc comments and keeps the other comments", () => {
    const docs = ast.decls.filter((d) => d.doc).map((d) => [d.name.name, d.doc!.text]);
    expect(docs).toEqual([
      ["Verdict", "Doc comments (///) become descriptions in JSON Schema and tool descriptions."],
      ["evaluate_deck", "Scores one pitch deck."],
      ["market_size", "Estimates a market's size in USD."],
      ["evaluate_decks", "Evaluates every deck, ranks them in code, writes a memo."],
    ]);
    expect(ast.comments.map((c) => c.text)).toEqual([
      "// The two example programs of DESIGN §2, verbatim.",
      "// optional field",
      "// literal union",
      "// sent as data in the user turn, never templated",
      "// delegates the model may call: workers, tools or flows",
      "// ---- second example",
      "// tree reduction, levels run concurrently",
    ]);
  });

  it("decodes the evaluate_deck instructions as the emitter expects them", () => {
    const worker = ast.decls.find((d) => d.name.name === "evaluate_deck") as WorkerDecl;
    const instructions = worker.settings.find((s) => s.name.name === "instructions")!.value;
    expect(instructions).toMatchObject({
      kind: "String",
      triple: true,
      value:
        'You are an early-stage investor. Score the deck "{{deck.name}}" from 1 to 10.\nUse market_size for any market claim.',
      templates: [{ path: ["deck", "name"] }],
    });
    expect(worker.settings.map((s) => s.name.name)).toEqual(["model", "instructions", "context", "uses", "max_turns"]);
  });

  it("reads `map ... (concurrency: 4)` and `reduce ... (batch: 8)` as options, not calls", () => {
    const evaluate = ast.decls.find((d) => d.name.name === "evaluate_decks") as FlowDecl;
    expect(evaluate.body.statements[0]).toMatchObject({
      kind: "Let",
      value: {
        kind: "Map",
        binder: { name: "deck" },
        source: { kind: "Name", name: { name: "decks" } },
        options: [{ name: { name: "concurrency" }, value: { kind: "Number", value: 4, integer: true } }],
        body: { kind: "Call", callee: { name: "evaluate_deck" } },
      },
    });
    const digest = ast.decls.find((d) => d.name.name === "digest") as FlowDecl;
    expect(digest.body.statements[1]).toMatchObject({
      kind: "Return",
      value: {
        kind: "Reduce",
        source: { kind: "Name", name: { name: "notes" } },
        fn: { name: "merge_notes" },
        options: [{ name: { name: "batch" }, value: { value: 8 } }],
      },
    });
    expect(digest.body.statements[0]).toMatchObject({
      kind: "Let",
      value: { kind: "Map", source: { kind: "Call", callee: { name: "split" } }, options: [] },
    });
  });
});
