import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { toJson, toMarkdown } from "../../compiler/review/diff/render.ts";
import { diffSpecs } from "../../compiler/review/diff/run.ts";
import { exitCodeOf, type DiffReport } from "../../compiler/review/diff/types.ts";
import { cases, FIXTURES, golden, ROOT } from "./helpers.ts";

function diffCase(name: string): DiffReport {
  const dir = path.join(FIXTURES, "diff", name);
  const outcome = diffSpecs("base.flow", "head.flow", { cwd: dir });
  if (!outcome.ok) {
    const problems = outcome.failed.flatMap((f) => f.checked.diagnostics.map((d) => `${f.label}: ${d.code} ${d.message}`));
    throw new Error(problems.join("\n"));
  }
  return outcome.report;
}

describe("diff golden fixtures (test/fixtures/diff/NAME/{base,head}.flow → expected.md, expected.json)", () => {
  for (const name of cases("diff")) {
    test(name, () => {
      const report = diffCase(name);
      const dir = path.join(FIXTURES, "diff", name);
      golden(path.join(dir, "expected.md"), toMarkdown(report));
      golden(path.join(dir, "expected.json"), toJson(report));
    });
  }
});

/** What each fixture must show: the rule and the class, whatever else it reports. */
const EXPECTED_RULES: Record<string, readonly [string, string][]> = {
  "no-changes": [],
  "field-removed": [["field-removed", "breaking"]],
  "field-renamed": [["field-renamed", "breaking"]],
  "field-type-changed": [["field-type-changed", "breaking"]],
  "required-input-field": [["field-required", "breaking"]],
  "callable-removed": [["callable-removed", "breaking"]],
  "params-changed": [["params-changed", "breaking"]],
  "param-renamed": [["params-changed", "breaking"]],
  "result-changed": [["returns-changed", "breaking"]],
  "enum-member-removed": [["enum-member-removed", "breaking"]],
  "model-changed": [["model-changed", "dangerous"]],
  "instructions-changed": [["instructions-changed", "dangerous"]],
  "uses-edges": [["uses-added", "dangerous"], ["uses-removed", "dangerous"]],
  approval: [["approval-added", "dangerous"], ["approval-removed", "dangerous"]],
  "bound-grew": [["bound-grew", "dangerous"]],
  "flow-shape-changed": [["flow-shape-changed", "dangerous"]],
  "context-and-kind": [["context-changed", "dangerous"], ["kind-changed", "dangerous"]],
  "flow-logic-changed": [["flow-logic-changed", "dangerous"]],
  "model-settings": [["model-settings-changed", "dangerous"]],
  limits: [["limit-changed", "dangerous"], ["bound-grew", "dangerous"]],
  "optional-field-added": [["field-added", "safe"]],
  "docs-changed": [["doc-changed", "safe"]],
  "formatting-only": [["formatting", "safe"]],
  "new-callable": [["callable-added", "safe"]],
  "list-key-changed": [["flow-logic-changed", "dangerous"]],
  "reduce-empty": [["empty-added", "safe"], ["empty-removed", "dangerous"]],
};

describe("every rule has a fixture", () => {
  for (const [name, rules] of Object.entries(EXPECTED_RULES)) {
    test(name, () => {
      const report = diffCase(name);
      for (const [rule, cls] of rules) expect(report.changes.some((c) => c.rule === rule && c.class === cls), `${rule} (${cls})`).toBe(true);
      if (rules.length === 0) expect(report.changes).toEqual([]);
      if (rules.every(([, cls]) => cls === "safe")) expect(report.counts.breaking + report.counts.dangerous).toBe(0);
    });
  }

  test("exit codes: 0 no changes, 3 changes, 4 breaking", () => {
    expect(exitCodeOf(diffCase("no-changes"))).toBe(0);
    expect(exitCodeOf(diffCase("docs-changed"))).toBe(3);
    expect(exitCodeOf(diffCase("model-changed"))).toBe(3);
    expect(exitCodeOf(diffCase("field-removed"))).toBe(4);
  });

  test("the markdown shows the instructions line diff, the bound before → after and both shapes", () => {
    expect(toMarkdown(diffCase("instructions-changed"))).toMatch(/```diff\n(.|\n)*-\s+Score the deck "\{\{deck.name\}\}" from 1 to 10\.\n(.|\n)*\+\s+Be harsh\./);
    expect(toMarkdown(diffCase("bound-grew"))).toContain("`4·len(decks) + 1` → `6·len(decks) + 2`");
    const shape = toMarkdown(diffCase("flow-shape-changed"));
    expect(shape.match(/```mermaid/g)?.length).toBe(2);
  });

  test("the same plans in folders at different depths have no changes", () => {
    const deep = mkdtempSync(path.join(tmpdir(), "flowc-deep-"));
    try {
      const copy = path.join(deep, "a", "b", "c");
      cpSync(path.join(ROOT, "examples"), copy, { recursive: true });
      const outcome = diffSpecs(path.join(ROOT, "examples"), copy);
      expect(outcome.ok && outcome.report.changes).toEqual([]);
    } finally {
      rmSync(deep, { recursive: true, force: true });
    }
  });

  test("expected files are what the runner writes", () => {
    const dir = path.join(FIXTURES, "diff", "no-changes");
    expect(readFileSync(path.join(dir, "expected.md"), "utf8")).toContain("No changes to the plan.");
  });
});
