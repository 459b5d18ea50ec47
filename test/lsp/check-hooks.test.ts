// check()'s hooks for editors: `readFile` lays buffers over the disk (even
// a module that exists only in memory), and `parse` lets a caller reuse the
// trees of unchanged texts.
import path from "node:path";
import { describe, expect, test } from "vitest";
import { check } from "../../compiler/index.ts";
import { parse } from "../../grammar/index.ts";
import { ROOT } from "./client.ts";

const dir = path.join(ROOT, "examples", "pitchdeck");
const main = path.join(dir, "pitchdeck.flow");
const types = path.join(dir, "types.flow");

describe("check() hooks", () => {
  test("readFile overrides the file on disk and serves a module that is not on disk", () => {
    const extra = path.join(dir, "unsaved.flow");
    const buffers = new Map([
      [types, 'import { Extra } from "./unsaved.flow"\ntype Deck { title: Extra, text: string }\n'],
      [extra, "type Extra { body: string }\n"],
    ]);
    const result = check([main], { readFile: (file) => buffers.get(file) });
    expect(result.program.modules.map((m) => path.basename(m.file))).toEqual(["unsaved.flow", "types.flow", "pitchdeck.flow"]);
    expect(result.sources.get(types)).toBe(buffers.get(types));
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span.file])).toEqual([
      ["FLW222", "unknown template path `{{deck.name}}`: `Deck` has no field `name`", main],
    ]);
  });

  test("parse is called once per module, and its trees are what the checker uses", () => {
    const parsed: string[] = [];
    const result = check([main], { parse: (text, file) => (parsed.push(path.basename(file)), parse(text, file)) });
    expect(parsed).toEqual(["pitchdeck.flow", "types.flow"]);
    expect(result.ok).toBe(true);
  });
});
