import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { check } from "../../compiler/index.ts";
import { buildGraph, renderGraph } from "../../compiler/review/graph/index.ts";
import { cases, FIXTURES, flowFiles, golden, ROOT } from "./helpers.ts";

function graphOf(file: string, flow?: string) {
  const checked = check([file]);
  expect(checked.diagnostics.map((d) => `${d.code} ${d.message}`), file).toEqual([]);
  const module = checked.program.modules.find((m) => m.file === file)!;
  return buildGraph(checked.program, module, { flow });
}

/** Structural checks a renderer can get wrong: declared ids, balanced blocks. */
function expectWellFormedMermaid(text: string): void {
  const lines = text.trimEnd().split("\n");
  expect(lines[0]).toBe("flowchart TD");
  const declared = new Set(lines.map((l) => /^\s*(n\d+)[([{]/.exec(l)?.[1]).filter(Boolean));
  const opened = lines.filter((l) => /^\s*subgraph /.test(l)).length;
  const closed = lines.filter((l) => /^\s*end$/.test(l)).length;
  expect(opened).toBe(closed);
  for (const l of lines) {
    const edge = /^\s*(n\d+) (?:-->|-\.->)(?:\|"[^"]*"\|)? (n\d+)$/.exec(l);
    if (edge) expect(declared.has(edge[1]!) && declared.has(edge[2]!), l).toBe(true);
  }
  expect(text).not.toMatch(/undefined|NaN|\[object/);
}

describe("graph golden fixtures (test/fixtures/graph/NAME/input.flow → expected.mmd, expected.dot)", () => {
  for (const name of cases("graph")) {
    test(name, () => {
      const dir = path.join(FIXTURES, "graph", name);
      const graph = graphOf(path.join(dir, "input.flow"));
      const mermaid = renderGraph(graph, "mermaid");
      expectWellFormedMermaid(mermaid);
      golden(path.join(dir, "expected.mmd"), mermaid);
      golden(path.join(dir, "expected.dot"), renderGraph(graph, "dot"));
    });
  }
});

describe("graph renders every example", () => {
  const examples = flowFiles(path.join(ROOT, "examples"));
  test.skipIf(examples.length === 0)("examples/*/*.flow as mermaid and dot", () => {
    for (const file of examples) {
      const graph = graphOf(file);
      expectWellFormedMermaid(renderGraph(graph, "mermaid"));
      const dot = renderGraph(graph, "dot");
      expect(dot.startsWith("digraph")).toBe(true);
      expect(dot.trimEnd().endsWith("}")).toBe(true);
    }
  });
});

describe("graph --flow", () => {
  test("draws one flow, or refuses an unknown name", () => {
    const file = path.join(FIXTURES, "graph/control/input.flow");
    const text = renderGraph(graphOf(file, "refine"));
    expect(text).toContain("repeat (max: 5)");
    expect(text).not.toContain("digest");
    expect(() => graphOf(file, "nope")).toThrow(/no flow, worker or tool named 'nope'/);
  });

  test("marks tools that need approval and shows models and the bound", () => {
    const text = renderGraph(graphOf(path.join(FIXTURES, "graph/pitchdeck/input.flow")));
    expect(text).toMatch(/save_report\(.*\)<br\/>tool · needs approval/);
    expect(text).toContain("class n7 approval".replace("n7", /class (n\d+) approval/.exec(text)![1]!));
    expect(text).toContain("analyst = gpt-4.1-mini");
    expect(text).toContain("calls ≤ 4·len(decks) + 3");
    expect(readFileSync(path.join(FIXTURES, "graph/pitchdeck/expected.mmd"), "utf8")).toBe(text);
  });
});
