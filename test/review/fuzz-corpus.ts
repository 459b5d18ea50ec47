// A seeded generator of syntactically plausible `.flow` modules with random
// layout: odd spacing and line breaks, optional commas, redundant
// parentheses, comments and doc comments in many places. The formatter must
// keep their syntax trees (and comments) and be idempotent on them.

import { prng as rng } from "../support/prng.ts";

class Gen {
  constructor(private readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  many<T>(max: number, f: () => T): T[] {
    return Array.from({ length: this.int(max + 1) }, f);
  }
  /** Whitespace between tokens: a space, nothing, several spaces or line breaks. */
  ws(): string {
    return this.pick([" ", " ", " ", "  ", "\n", "\n  ", "\n\n    ", "\t"]);
  }
  comment(): string {
    return this.pick(["// note", "//x", "// TODO: more", "/// stray doc", "// a, b; c"]);
  }
  /** A line break, sometimes after a comment. */
  nl(): string {
    return this.chance(0.15) ? ` ${this.comment()}\n` : this.pick(["\n", "\n", "\n\n", "\n\n\n"]);
  }
  name(): string {
    return this.pick(["a", "b", "xs", "deck", "notes", "item", "model_x", "type_", "flows", "v2"]);
  }
  string(): string {
    return this.pick(['"hi"', '"a \\"quoted\\" word"', '"line\\nbreak"', '"{{deck.name}}"', '""', '"tab\\t"', '"ünï"']);
  }
  type(depth = 0): string {
    const base = this.pick(["string", "int", "number", "bool", "json", "Deck", "Verdict"]);
    if (depth < 2 && this.chance(0.15)) return `(${this.pick(['"a"', '"a" | "b"', '"x"|"y"|"z"'])})[]`;
    if (this.chance(0.1)) return this.pick(['"a" | "b"', '"only"']);
    return `${base}${this.chance(0.3) ? "[]" : ""}${this.chance(0.1) ? "[]" : ""}`;
  }
  args(depth: number): string {
    return this.many(3, () => (this.chance(0.5) ? `${this.name()}: ` : "") + this.expr(depth + 1)).join(`,${this.ws()}`);
  }
  options(word: string): string {
    return this.chance(0.5) ? ` (${word}: ${1 + this.int(16)})` : "";
  }
  expr(depth = 0): string {
    const leaf = depth > 3 || this.chance(0.35);
    const e = leaf
      ? this.pick([this.name(), this.string(), `${this.int(100)}`, `${this.int(9)}.5`, "true", "false", `${this.name()}.${this.name()}`, "2.0"])
      : this.pick([
          () => `${this.name()}(${this.args(depth)})`,
          () => `${this.expr(depth + 1)} ${this.pick(["+", "-", "*", "/", "==", "!=", "<", ">=", "and", "or"])}${this.ws()}${this.expr(depth + 1)}`,
          () => `not ${this.expr(depth + 1)}`,
          () => `-${this.expr(depth + 1)}`,
          () => `[${this.many(3, () => this.expr(depth + 1)).join(", ")}${this.chance(0.2) ? "," : ""}]`,
          () => `{ ${this.many(3, () => `${this.name()}: ${this.expr(depth + 1)}`).join(this.pick([", ", "\n", " "]))} }`,
          () => `map ${this.name()} in ${this.expr(depth + 1)}${this.options("concurrency")} =>${this.ws()}${this.expr(depth + 1)}`,
          () => `filter ${this.name()} in ${this.expr(depth + 1)} => ${this.expr(depth + 1)}`,
          () => `reduce ${this.expr(depth + 1)} with ${this.name()}${this.options("batch")}`,
          () => `split(${this.name()}, max_chars: 8000, overlap: 200)`,
        ])();
    return this.chance(0.15) ? `(${e})` : e;
  }
  stmt(depth: number): string {
    const kinds = [
      () => `let ${this.name()} =${this.ws()}${this.expr()}`,
      () => `${this.name()} = ${this.expr()}`,
      () => `${this.name()}(${this.args(0)})`,
      () => (this.chance(0.3) ? "return" : `return ${this.expr()}`),
      () => "break",
      () => `if ${this.expr()} ${this.block(depth + 1)}${this.chance(0.5) ? ` else ${this.chance(0.3) ? `if ${this.expr()} ${this.block(depth + 1)}` : this.block(depth + 1)}` : ""}`,
      () => `repeat (max: ${1 + this.int(9)}) ${this.block(depth + 1)}`,
    ];
    return this.pick(depth > 2 ? kinds.slice(0, 5) : kinds)();
  }
  block(depth: number): string {
    const stmts = this.many(4, () => `${this.chance(0.1) ? `${this.comment()}\n` : ""}${this.stmt(depth)}${this.chance(0.1) ? ";" : ""}`);
    return `{${this.nl()}${stmts.join(this.nl())}${this.nl()}}`;
  }
  doc(): string {
    return this.chance(0.3) ? `${this.pick(["/// One line.", "/// Two\n/// lines.", "///", "///   indented"])}\n` : "";
  }
  params(): string {
    return this.many(3, () => `${this.name()}: ${this.type()}`).join(`,${this.ws()}`);
  }
  decl(): string {
    const sep = () => this.pick([", ", "\n  ", ",\n  ", " "]);
    return this.doc() + this.pick([
      () => `type ${this.name()} {${this.nl()}${this.many(4, () => `${this.doc()}${this.name()}${this.chance(0.3) ? "?" : ""}: ${this.type()}`).join(sep())}${this.nl()}}`,
      () => `enum ${this.name()} { ${this.many(4, () => this.name()).join(sep())} }`,
      () => `model ${this.name()} = "gpt-4.1-mini"${this.chance(0.5) ? ` { temperature: 0.2${sep()}top_p: 1 }` : ""}`,
      () => `worker ${this.name()}(${this.params()}) -> ${this.type()} {${this.nl()}  instructions: ${this.chance(0.5) ? '"""\n    Do it {{x.y}}.\n\n      Carefully.\n  """' : this.string()}${sep()}max_turns: ${1 + this.int(5)}${sep()}uses: [${this.name()}]${this.nl()}}`,
      () => `tool ${this.name()}(${this.params()}) -> ${this.type()} from "./tools/t.ts"${this.chance(0.3) ? " needs approval" : ""}`,
      () => `flow ${this.name()}(${this.params()}) -> ${this.type()} ${this.block(0)}`,
    ])();
  }
  module(): string {
    const imports = this.many(2, () => `import { ${this.many(2, () => this.name()).join(", ") || "a"} } from "./other.flow"`);
    const decls = this.many(5, () => this.decl());
    const lead = this.chance(0.3) ? `${this.comment()}\n\n` : "";
    return `${lead}${[...imports, ...decls].join(this.nl())}${this.chance(0.3) ? `\n${this.comment()}` : ""}\n`;
  }
}

export function randomModule(seed: number): string {
  return new Gen(rng(seed)).module();
}
