// Diagnostics as you type: published on open and after each edit, with the
// CLI's codes, messages and help, across imported modules, from unsaved
// buffers (the files on disk are never written by these tests).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { check, renderDiagnostics } from "../../compiler/index.ts";
import { LspClient, ROOT, uri } from "./client.ts";

const root = path.join(ROOT, "examples", "pitchdeck");
const main = path.join(root, "pitchdeck.flow");
const types = path.join(root, "types.flow");
let client: LspClient;
let original: string;

/** Replaces the buffer of `file` and resolves with the diagnostics then published for `shown`. */
async function edit(file: string, text: string, shown = file) {
  const published = client.nextDiagnostics(shown);
  await client.change(file, text);
  return published;
}

beforeAll(async () => {
  client = await LspClient.start({ root });
});
afterAll(async () => {
  await client.stop();
});

describe("diagnostics", () => {
  test("opening a clean example publishes empty diagnostics for it and for the module it imports", async () => {
    const published = [client.nextDiagnostics(main), client.nextDiagnostics(types)];
    await client.open(main);
    expect(await Promise.all(published)).toEqual([[], []]);
    original = client.text(main);
  });

  test("an edit publishes the checker's diagnostic: code, message, help and range", async () => {
    expect(await edit(main, original.replace("=> evaluate_deck(deck)", "=> evaluat_deck(deck)"))).toEqual([
      {
        range: { start: { line: 50, character: 58 }, end: { line: 50, character: 70 } },
        severity: 1,
        code: "FLW203",
        source: "flowc",
        message: "unknown name `evaluat_deck`\nhelp: did you mean `evaluate_deck`?",
      },
    ]);
  });

  test("codes, severities (a warning too), messages, help and places are the ones `flowc check --format json` renders", async () => {
    const text = original
      .replace("score: int", "score: int\n  score: int")
      .replace("max_turns: 4", "max_turns: 0")
      .replace("return memo", "return memo\n  let unused = 1");
    const got = await edit(main, text);
    const checked = check([main], { readFile: (file) => (file === main ? text : undefined) });
    const cli = JSON.parse(renderDiagnostics(checked.diagnostics, checked.sources, { format: "json", color: false, cwd: root })) as {
      code: string;
      severity: string;
      message: string;
      hint: string | null;
      line: number;
      column: number;
    }[];
    expect(cli.map((d) => d.code)).toEqual(["FLW202", "FLW403", "FLW413"]);
    expect(got.map((d) => [d.code, d.severity, d.message, d.range.start.line + 1, d.range.start.character + 1])).toEqual(
      cli.map((d) => [d.code, d.severity === "error" ? 1 : 2, d.hint === null ? d.message : `${d.message}\nhelp: ${d.hint}`, d.line, d.column]),
    );
  });

  test("a duplicate points at the first declaration as related information", async () => {
    const duplicate = (await edit(main, original.replace("model analyst", "model rank"))).find((d) => d.code === "FLW201");
    expect(duplicate?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line])).toEqual([[uri(main), 18]]);
  });

  test("an unsaved edit of an imported module changes the diagnostics of the module that imports it", async () => {
    expect(await edit(main, original)).toEqual([]);
    // Opening it checks both files again: wait for both, so the next publish is the edit's.
    const opened = [client.nextDiagnostics(types), client.nextDiagnostics(main)];
    await client.open(types);
    expect(await Promise.all(opened)).toEqual([[], []]);
    const got = await edit(types, client.text(types).replace("  name: string\n", "  title: string\n"), main);
    expect(got.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ["FLW222", "unknown template path `{{deck.name}}`: `Deck` has no field `name`\nhelp: the fields of `Deck` are `title`, `text`", 24],
    ]);
  });

  test("closing the imported module goes back to the file on disk", async () => {
    const published = client.nextDiagnostics(main);
    await client.close(types);
    const got = await published;
    expect(got.some((d) => d.code === "FLW222")).toBe(false);
  });
});
