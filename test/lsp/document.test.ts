// Formatting (through `flowc fmt`'s formatter), the outline, and the server
// started the way editors start it: `node bin/flowc.js lsp --stdio`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LspClient, ROOT } from "./client.ts";

const root = path.join(ROOT, "examples", "decompose");
const file = path.join(root, "decompose.flow");
const original = readFileSync(file, "utf8");
let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start({ root });
});
afterAll(async () => {
  await client.stop();
});

const format = () => client.request("textDocument/formatting", file, undefined, { options: { tabSize: 2, insertSpaces: true } });

describe("formatting", () => {
  test("one edit that replaces the document with its canonical layout", async () => {
    const messy = original.replace("type Plan {\n  steps: string[]\n}", "type Plan{steps:string[]}").replace("  let current = draft", "      let current   =   draft");
    await client.open(file, messy);
    const lines = messy.split("\n");
    expect(await format()).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines.at(-1)!.length } }, newText: original },
    ]);
    await client.close(file);
  });

  test("no edit for a formatted file or a file with syntax errors", async () => {
    await client.open(file, original);
    expect(await format()).toEqual([]);
    await client.close(file);
    await client.open(file, original.replace("let current = draft", "let current = "));
    expect(await format()).toEqual([]);
    await client.close(file);
  });
});

describe("outline", () => {
  test("every declaration with its kind, signature, fields and members", async () => {
    await client.open(file, original);
    const symbols = await client.request<{ name: string; kind: number; detail: string; children?: { name: string; detail: string }[] }[]>(
      "textDocument/documentSymbol",
      file,
      undefined,
    );
    expect(symbols.map((s) => [s.name, s.kind, s.detail, s.children?.map((c) => `${c.name}: ${c.detail}`)])).toEqual([
      ["Plan", 23, "type", ["steps: string[]"]],
      ["Review", 23, "type", ["ok: bool", "notes: string[]"]],
      ["planner", 14, 'model "gpt-4.1-mini"', undefined],
      ["plan_task", 12, "worker (task: string) -> Plan", undefined],
      ["critique", 12, "worker (text: string) -> Review", undefined],
      ["revise", 12, "worker (text: string, notes: string[]) -> string", undefined],
      ["refine", 12, "flow (draft: string) -> string", undefined],
      ["plan", 12, "flow (task: string) -> string", undefined],
    ]);
    await client.close(file);
  });
});

describe("flowc lsp", () => {
  test("started as `flowc lsp --stdio`, it publishes diagnostics and shuts down when asked", async () => {
    const command = await LspClient.start({ root, command: [path.join(ROOT, "bin", "flowc.js"), "lsp", "--stdio"] });
    const published = command.nextDiagnostics(file);
    await command.open(file, original.replace("max_turns: 3", "max_turns: 0"));
    expect((await published).map((d) => d.code)).toEqual(["FLW403"]);
    await command.stop();
  });
});
