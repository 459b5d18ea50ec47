// Plan rules and module handling that the fixtures do not show on their own.
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/check/index.ts";
import { checkText, codes, project } from "./helpers.ts";

describe("uses cycles", () => {
  it("accepts a cycle when one of its workers has max_depth", () => {
    const { diagnostics } = checkText(`
worker a(q: string) -> string { instructions: "x", uses: [b], max_depth: 3 }
worker b(q: string) -> string { instructions: "x", uses: [f] }
flow f(q: string) -> string { return a(q) }
`);
    expect(diagnostics).toEqual([]);
  });

  it("finds a cycle through a flow that a worker uses", () => {
    const { diagnostics } = checkText(`
worker a(q: string) -> string { instructions: "x", uses: [f] }
flow f(q: string) -> string { return a(q) }
`);
    expect(codes(diagnostics)).toEqual(["FLW406"]);
    expect(diagnostics[0]!.message).toBe("`f` can reach itself through `uses` with no depth limit: f → a → f");
  });

  it("finds cycles across modules", () => {
    const { diagnostics } = checkText(
      `import { helper } from "./lib.flow"
worker a(q: string) -> string { instructions: "x", uses: [helper] }
flow main_flow(q: string) -> string { return a(q) }
`,
      {
        "lib.flow": `import { main_flow } from "./main.flow"
flow helper(q: string) -> string { return main_flow(q) }
`,
      },
    );
    expect(codes(diagnostics).sort()).toEqual(["FLW211", "FLW211", "FLW406"]);
  });

  it("reports flow recursion through a reduce", () => {
    const { diagnostics } = checkText(`
flow f(xs: string[]) -> string { return reduce xs with f (empty: "") }
`);
    expect(codes(diagnostics)).toEqual(["FLW407"]);
  });
});

describe("broken modules", () => {
  it("shows only syntax errors for a file that does not parse, and nothing cascades into importers", () => {
    const { diagnostics, dir } = checkText(
      `import { Deck, Other } from "./types.flow"
flow f(d: Deck) -> string { return d.name }
`,
      { "types.flow": "type Deck { name: string\nflow oops( {\n  unknown_thing(1)\n}\n" },
    );
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.code.startsWith("FLW1"))).toBe(true);
    expect(diagnostics.every((d) => d.span.file.endsWith("types.flow"))).toBe(true);
    expect(dir).toBeTruthy();
  });
});

describe("entries", () => {
  it("checks several entries once each, sharing imports", () => {
    const dir = project({
      "a.flow": 'import { T } from "./t.flow"\nflow a(t: T) -> int { return t.x }\n',
      "b.flow": 'import { T } from "./t.flow"\nflow b(t: T) -> int { return t.y }\n',
      "t.flow": "type T { x: int }\n",
    });
    const { program, diagnostics } = checkProgram(["a.flow", "b.flow", "./a.flow"], dir);
    expect(program.modules.map((m) => m.file.slice(dir.length + 1))).toEqual(["t.flow", "a.flow", "b.flow"]);
    expect(codes(diagnostics)).toEqual(["FLW206"]);
  });

  it("accepts absolute entry paths", () => {
    const dir = project({ "x.flow": "type T { x: int }\n" });
    const { program, diagnostics } = checkProgram([`${dir}/x.flow`], "/");
    expect(diagnostics).toEqual([]);
    expect(program.modules).toHaveLength(1);
  });
});

describe("control flow", () => {
  it("knows that if/else with returns on every path ends the flow", () => {
    const { diagnostics } = checkText(`
flow f(x: int) -> string {
  if x > 1 { return "a" } else if x > 0 { return "b" } else { return "c" }
}
flow g(x: int) -> string {
  repeat (max: 3) {
    if x > 1 { break }
  }
  return "done"
}
`);
    expect(diagnostics).toEqual([]);
  });

  it("requires a return after a loop that can break", () => {
    const { diagnostics } = checkText(`
flow f(x: int) -> string {
  repeat (max: 3) {
    if x > 1 { break }
    return "in loop"
  }
}
`);
    expect(codes(diagnostics)).toEqual(["FLW408"]);
  });

  it("lets sibling blocks reuse a name", () => {
    const { diagnostics } = checkText(`
flow f(x: int) -> int {
  if x > 1 { let y = 1 } else { let y = 2 }
  let y = 3
  return y
}
`);
    expect(diagnostics).toEqual([]);
  });
});

describe("unloadable imports", () => {
  it("reports a missing module once, not every use of its names", () => {
    const { diagnostics } = checkText(`import { Deck, summarize, analyst } from "./missing.flow"
worker w(deck: Deck) -> string { model: analyst, instructions: "{{deck.name}}", uses: [summarize] }
flow f(deck: Deck) -> string { return summarize(deck) }
`);
    expect(codes(diagnostics)).toEqual(["FLW209"]);
  });

  it("stays silent about names imported from a file with syntax errors", () => {
    const { diagnostics } = checkText(
      `import { Deck } from "./types.flow"
flow f(deck: Deck) -> string { return deck.name }
`,
      { "types.flow": "type Deck { name: }\n" },
    );
    expect(diagnostics.every((d) => d.code.startsWith("FLW1") && d.span.file.endsWith("types.flow"))).toBe(true);
  });
});
