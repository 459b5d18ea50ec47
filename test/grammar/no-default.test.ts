// Switches over node kinds end exhaustively (every case listed, then
// `assertNever`) so the type system finds every place a new kind must be
// handled; a `default:` would swallow it silently. The compiler's folders
// have no `default:` at all, which keeps the rule simple to check.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const FOLDERS = ["compiler", "grammar", "cli", "lsp"];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** `line: switch (subject)` for every switch with a `default:` clause. */
function defaultClauses(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isDefaultClause(node)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`${line + 1}: switch (${node.parent.parent.expression.getText(file)})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("exhaustive switches", () => {
  it("finds a default clause, and not the word in comments or strings", () => {
    const text = [
      "// default: in a comment",
      'const s = "default: in a string";',
      "function f(e: { kind: string }) {",
      "  switch (e.kind) {",
      '    case "a":',
      "      return 1;",
      "    default:",
      "      return 2;",
      "  }",
      "}",
    ].join("\n");
    expect(defaultClauses("x.ts", text)).toEqual(["7: switch (e.kind)"]);
  });

  it("no switch in compiler/, grammar/, cli/ or lsp/ has a default clause", () => {
    const found = FOLDERS.flatMap((folder) =>
      tsFiles(join(ROOT, folder)).flatMap((path) =>
        defaultClauses(path, readFileSync(path, "utf8")).map((at) => `${relative(ROOT, path)}:${at}`),
      ),
    );
    expect(found).toEqual([]);
  });
});
