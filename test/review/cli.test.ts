// The three commands end to end, through bin/flowc.js.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { FIXTURES, ROOT } from "./helpers.ts";

const tmp = mkdtempSync(path.join(tmpdir(), "flowc-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function flowc(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/flowc.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("flowc fmt", () => {
  test("--check lists unformatted files and exits 1; fmt rewrites them; then --check passes", () => {
    const file = path.join(tmp, "messy.flow");
    writeFileSync(file, "enum   E {a,b}\ntype T { x: int, y?: string }\n");
    const checked = flowc(["fmt", "--check", file]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("messy.flow");
    expect(flowc(["fmt", file]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("enum E { a, b }\n\ntype T {\n  x: int\n  y?: string\n}\n");
    expect(flowc(["fmt", "--check", file]).code).toBe(0);
  });

  test("leaves files with syntax errors alone and reports them", () => {
    const file = path.join(tmp, "broken.flow");
    writeFileSync(file, "type T { x: }\n");
    const r = flowc(["fmt", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FLW1\d\d/);
    expect(readFileSync(file, "utf8")).toBe("type T { x: }\n");
  });

  test("reports invalid UTF-8 (FLW109) and leaves the file unchanged", () => {
    const file = path.join(tmp, "latin1.flow");
    // Needs formatting too, so a lossy read would have rewritten it.
    const bytes = Buffer.concat([Buffer.from('flow f() -> string {\n  return   "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]);
    writeFileSync(file, bytes);
    const r = flowc(["fmt", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("FLW109");
    expect(r.stderr).toContain("invalid UTF-8: byte 0xE9 is not part of a UTF-8 character");
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe("flowc graph", () => {
  const input = path.join(FIXTURES, "graph/pitchdeck/input.flow");

  test("mermaid on stdout, bounds and the estimate on stderr", () => {
    const r = flowc(["graph", input, "--size", "decks=50"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(FIXTURES, "graph/pitchdeck/expected.mmd"), "utf8"));
    expect(r.stderr).toContain("evaluate_decks  4·len(decks) + 3");
    expect(r.stderr).toMatch(/51–203 requests, about \$[\d.]+–\$[\d.]+/);
  });

  test("--format dot --out FILE --flow NAME", () => {
    const out = path.join(tmp, "plan.dot");
    const r = flowc(["graph", input, "--format", "dot", "--out", out, "--flow", "evaluate_decks", "--no-bounds"]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8").startsWith("digraph")).toBe(true);
  });

  test("an unknown flow or format is a usage error", () => {
    expect(flowc(["graph", input, "--flow", "nope"]).code).toBe(2);
    expect(flowc(["graph", input, "--format", "png"]).code).toBe(2);
  });
});

describe("flowc diff", () => {
  const dir = (name: string) => path.join(FIXTURES, "diff", name);

  test.each([
    ["no-changes", ["--exit-code"], 0],
    ["docs-changed", ["--exit-code"], 3],
    ["field-removed", ["--exit-code"], 4],
    ["field-removed", [], 0],
  ] as const)("%s %j exits %i", (name, flags, code) => {
    expect(flowc(["diff", "base.flow", "head.flow", ...flags], dir(name)).code).toBe(code);
  });

  test("markdown and json match the fixture", () => {
    const md = flowc(["diff", "base.flow", "head.flow"], dir("model-changed"));
    expect(md.stdout).toBe(readFileSync(path.join(dir("model-changed"), "expected.md"), "utf8"));
    const json = flowc(["diff", "base.flow", "head.flow", "--format", "json"], dir("model-changed"));
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(readFileSync(path.join(dir("model-changed"), "expected.json"), "utf8")));
  });

  test("a usage error exits 2, apart from the change codes", () => {
    expect(flowc(["diff", "base.flow", "head.flow", "--exit-code", "--no-such-option"], dir("docs-changed")).code).toBe(2);
  });

  test("errors exit 1: a missing input, a plan that does not check", () => {
    expect(flowc(["diff", "nope.flow", "head.flow", "--exit-code"], dir("no-changes")).code).toBe(1);
    const broken = path.join(tmp, "diff-broken");
    cpSync(dir("no-changes"), broken, { recursive: true });
    writeFileSync(path.join(broken, "head.flow"), "flow f() -> string { return nope }\n");
    const r = flowc(["diff", "base.flow", "head.flow", "--exit-code"], broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("head.flow does not check");
    expect(existsSync(path.join(broken, "base.flow"))).toBe(true);
  });
});
