// Deeply nested lists format in near-linear time (issue #14): each node's
// text at a column is computed once. No timed assertion; deep input must
// simply finish, parse back to the same tree, and be stable.
import { describe, expect, test } from "vitest";
import { parse } from "../../grammar/index.ts";
import { formatSource } from "../../compiler/review/fmt/index.ts";
import { astShape } from "./helpers.ts";

function nested(depth: number): string {
  return `flow f() -> json {\n  x = ${"[".repeat(depth)}1${"]".repeat(depth)}\n  return x\n}\n`;
}

function format(text: string): string {
  const result = formatSource(text, "deep.flow");
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.text;
}

describe("fmt on deeply nested lists", () => {
  test("a small depth stays flat", () => {
    expect(format(nested(3))).toBe("flow f() -> json {\n  x = [[[1]]]\n  return x\n}\n");
  });

  for (const depth of [24, 60]) {
    test(`${depth} levels format and round-trip`, () => {
      const source = nested(depth);
      const once = format(source);
      const after = parse(once, "deep.flow");
      expect(after.errors).toEqual([]);
      expect(astShape(after.ast)).toEqual(astShape(parse(source, "deep.flow").ast));
      expect(format(once)).toBe(once);
    });
  }
});
