// Go to definition, find references and rename across the modules of the
// pitch-deck example (and an unsaved buffer that adds an enum use), and
// into a tool's TypeScript file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LspClient, rangeIn, ROOT, uri } from "./client.ts";

const root = path.join(ROOT, "examples", "pitchdeck");
const main = path.join(root, "pitchdeck.flow");
const types = path.join(root, "types.flow");
const typesText = readFileSync(types, "utf8");
// The example plus a flow that uses an enum member, a named argument and an object literal, unsaved.
const text = `${readFileSync(main, "utf8")}
flow verdict_of(decks: Deck[]) -> Verdict {
  let best = evaluate_deck(deck: { name: "x", text: "y" })
  if best.verdict == Verdict.invest { return Verdict.invest }
  return best.verdict
}
`;
let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start({ root });
  const published = client.nextDiagnostics(main);
  await client.open(main, text);
  expect(await published).toEqual([]);
});
afterAll(async () => {
  await client.stop();
});

const at = (needle: string, delta = 0, nth = 0) => client.position(main, needle, delta, nth);
const here = (needle: string, nth = 0, name = needle) => ({ uri: uri(main), range: rangeIn(text, needle, nth, name) });

describe("definition", () => {
  const definition = (needle: string, delta = 0, nth = 0) => client.request("textDocument/definition", main, at(needle, delta, nth));

  test("a record imported from another module", async () => {
    expect(await definition("decks: Deck[]", 8)).toEqual({ uri: uri(types), range: rangeIn(typesText, "type Deck", 0, "Deck") });
  });
  test("a name in an import line", async () => {
    expect(await definition("import { Deck }", 10)).toEqual({ uri: uri(types), range: rangeIn(typesText, "type Deck", 0, "Deck") });
  });
  test("the module of an import", async () => {
    expect(await definition('"./types.flow"', 3)).toEqual({ uri: uri(types), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  });
  test("a field read through a parameter, in another module", async () => {
    expect(await definition("context: deck.text", 15)).toEqual({ uri: uri(types), range: rangeIn(typesText, "  text: string", 0, "text") });
  });
  test("a field inside an instructions placeholder", async () => {
    expect(await definition("{{deck.name}}", 8)).toEqual({ uri: uri(types), range: rangeIn(typesText, "  name: string", 0, "name") });
  });
  test("a parameter inside an instructions placeholder", async () => {
    expect(await definition("{{deck.name}}", 3)).toEqual(here("(deck: Deck) -> Evaluation", 0, "deck"));
  });
  test("a worker called in a map", async () => {
    expect(await definition("=> evaluate_deck(deck)", 5)).toEqual(here("worker evaluate_deck", 0, "evaluate_deck"));
  });
  test("a map binder and a let", async () => {
    expect(await definition("evaluate_deck(deck)", 15)).toEqual(here("map deck in", 0, "deck"));
    expect(await definition("write_memo(ranked)", 12)).toEqual(here("let ranked", 0, "ranked"));
  });
  test("the model of a worker and a uses entry", async () => {
    expect(await definition("model: analyst", 8)).toEqual(here("model analyst", 0, "analyst"));
    expect(await definition("uses: [market_size]", 8)).toEqual(here("tool market_size", 0, "market_size"));
  });
  test("an enum member and a record field through a let", async () => {
    expect(await definition("Verdict.invest {", 9)).toEqual(here("invest, maybe", 0, "invest"));
    expect(await definition("best.verdict ==", 6)).toEqual(here("  verdict: Verdict", 0, "verdict"));
  });
  test("a named argument goes to the parameter; an object key to the field", async () => {
    expect(await definition("evaluate_deck(deck: {", 15)).toEqual(here("(deck: Deck) -> Evaluation", 0, "deck"));
    expect(await definition('{ name: "x"', 3)).toEqual({ uri: uri(types), range: rangeIn(typesText, "  name: string", 0, "name") });
  });
  test("a tool's `from` path goes to the exported function in its TypeScript file", async () => {
    const tool = path.join(root, "tools", "market.ts");
    expect(await definition('"./tools/market.ts"', 4)).toEqual({
      uri: uri(tool),
      range: rangeIn(readFileSync(tool, "utf8"), "function market_size", 0, "market_size"),
    });
  });
  test("a keyword has none", async () => {
    expect(await definition("let evaluations", 1)).toBeNull();
  });
});

describe("references", () => {
  const references = (needle: string, delta: number, includeDeclaration = true) =>
    client.request("textDocument/references", main, at(needle, delta), { context: { includeDeclaration } });

  test("a record across modules: its declaration, the import and every use", async () => {
    expect(await references("import { Deck }", 10)).toEqual([
      { uri: uri(types), range: rangeIn(typesText, "type Deck", 0, "Deck") },
      here("import { Deck }", 0, "Deck"),
      here("(deck: Deck)", 0, "Deck"),
      here("(decks: Deck[])", 0, "Deck"),
      here("(decks: Deck[])", 1, "Deck"),
    ]);
  });
  test("a field: declaration, member reads, placeholders and object keys", async () => {
    expect(await references("{{deck.name}}", 8)).toEqual([
      { uri: uri(types), range: rangeIn(typesText, "  name: string", 0, "name") },
      here("{{deck.name}}", 0, "name"),
      here('{ name: "x"', 0, "name"),
    ]);
  });
  test("without the declaration", async () => {
    expect(await references("let memo", 5, false)).toEqual([here("markdown: memo", 0, "memo"), here("return memo", 0, "memo")]);
  });
});

describe("rename", () => {
  test("a let: every use in its flow", async () => {
    const edit = await client.request("textDocument/rename", main, at("let ranked", 5), { newName: "best_first" });
    expect(edit).toEqual({
      changes: {
        [uri(main)]: [
          { range: here("let ranked", 0, "ranked").range, newText: "best_first" },
          { range: here("write_memo(ranked)", 0, "ranked").range, newText: "best_first" },
        ],
      },
    });
  });
  test("a parameter: its uses, named arguments and placeholders", async () => {
    const edit = await client.request("textDocument/rename", main, at("worker evaluate_deck(deck", 22), { newName: "pitch" });
    expect(edit).toEqual({
      changes: {
        [uri(main)]: [
          here("(deck: Deck) -> Evaluation", 0, "deck"),
          here("{{deck.name}}", 0, "deck"),
          here("context: deck.text", 0, "deck"),
          here("(deck: {", 0, "deck"),
        ].map((l) => ({ range: l.range, newText: "pitch" })),
      },
    });
  });
  test("a record across modules: its declaration, the import and every use", async () => {
    const edit = await client.request<{ changes: Record<string, unknown[]> }>("textDocument/rename", main, at("decks: Deck[]", 8), { newName: "PitchDeck" });
    const rename = (range: unknown) => ({ range, newText: "PitchDeck" });
    expect(edit).toEqual({
      changes: {
        [uri(types)]: [rename(rangeIn(typesText, "type Deck", 0, "Deck"))],
        [uri(main)]: [
          here("import { Deck }", 0, "Deck"),
          here("(deck: Deck)", 0, "Deck"),
          here("(decks: Deck[])", 0, "Deck"),
          here("(decks: Deck[])", 1, "Deck"),
        ].map((l) => rename(l.range)),
      },
    });
  });
  test("a name that cannot be one is refused", async () => {
    await expect(client.request("textDocument/rename", main, at("let ranked", 5), { newName: "2nd" })).rejects.toThrow(
      "`2nd` is not a name: use letters, digits and _, not starting with a digit",
    );
  });
  test("prepareRename gives the name's range; a keyword cannot be renamed", async () => {
    expect(await client.request("textDocument/prepareRename", main, at("let ranked", 5))).toEqual({ range: here("let ranked", 0, "ranked").range, placeholder: "ranked" });
    expect(await client.request("textDocument/prepareRename", main, at("let ranked", 1))).toBeNull();
  });
});
