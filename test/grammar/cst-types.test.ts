// grammar/cst-types.ts must describe the parser as it is: regenerated from
// the grammar, it must equal the committed file. `UPDATE=1` rewrites it.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CST_TYPES_FILE, cstTypesText } from "../../scripts/gen-cst-types.ts";

describe("the typed CST", () => {
  it("grammar/cst-types.ts is what the grammar generates", () => {
    const generated = cstTypesText();
    if (process.env.UPDATE === "1") writeFileSync(CST_TYPES_FILE, generated);
    expect(readFileSync(CST_TYPES_FILE, "utf8"), "stale: run with UPDATE=1 to rewrite it").toBe(generated);
  });

  it("types every rule of the grammar, with its children", () => {
    const text = cstTypesText();
    expect(text).toContain('export interface DeclarationCstNode extends CstNode {\n  name: "declaration";');
    expect(text).toMatch(/export type LetStatementCstChildren = \{\n  Let: IToken\[\];\n  Name: IToken\[\];\n  Equals: IToken\[\];\n  expression: ExpressionCstNode\[\];\n\};/);
  });
});
