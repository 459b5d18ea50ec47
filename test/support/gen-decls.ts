// Random `.flow` modules of regular declarations (records, enums, models,
// workers, tools, and a small flow now and then), for comparing the direct
// printer with ts-morph + prettier. Names, docs and strings vary in length and
// content (quotes, backticks, `*/`, trailing spaces, non-ASCII) so that lines
// land on both sides of the print width. Deterministic from the seed.
import { prng } from "./prng.ts";

const WORDS = ["deck", "score", "market", "a", "summary", "the", "of", "x", "item", "tags", "long_name_here", "Évaluation", "市场"];
const DOC_BITS = [
  "plain words",
  'say "hi"',
  "it's",
  "`code`",
  "a */ b",
  "trailing  ",
  "  leading",
  "ünïcödé",
  "中文说明",
  "emoji 🦄",
  "back\\slash",
  "1 (weak) to 10 (exceptional)",
];

export function randomModule(seed: number): { text: string; tools: string[] } {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  // Mostly the sizes of real plans; one time in five long enough to cross the print width.
  const hostile = (): boolean => r() < 0.2;
  const ident = (prefix: string): string => {
    const parts = Array.from({ length: hostile() ? int(2, 4) : int(1, 2) }, () =>
      pick(["a", "deck", "score", "very_long_identifier", "x", "item2"]),
    );
    return `${prefix}${parts.join("_")}`;
  };
  const sentence = (max: number): string =>
    Array.from({ length: int(1, max) }, () => (r() < 0.15 ? pick(DOC_BITS) : pick(WORDS.slice(0, hostile() ? WORDS.length : 5)))).join(" ");
  const docLines = (): string[] => {
    if (r() < 0.4) return [];
    return Array.from({ length: r() < 0.7 ? 1 : int(2, 4) }, () => `/// ${r() < 0.1 ? "" : sentence(r() < 0.3 ? 25 : 8)}`);
  };
  const stringLit = (text: string): string => JSON.stringify(text).replace(/\\u([0-9a-f]{4})/g, "\\u{$1}");

  const records: string[] = [];
  const enums: string[] = [];
  const lines: string[] = [];
  const used = new Set<string>();
  const fresh = (prefix: string): string => {
    let name = ident(prefix);
    while (used.has(name)) name += "_";
    used.add(name);
    return name;
  };
  const recordNames = Array.from({ length: int(1, 4) }, () => fresh("R"));
  const enumNames = Array.from({ length: int(0, 2) }, () => fresh("E"));
  const type = (depth = 0): string => {
    const roll = r();
    if (roll < 0.35) return pick(["string", "int", "number", "bool", "json"]);
    if (roll < 0.5) return `${type(depth + 1)}[]`.replace(/^(".*)\[\]$/, "$1");
    if (roll < 0.65) return pick(recordNames);
    if (roll < 0.72 && enumNames.length > 0) return pick(enumNames);
    const values = Array.from({ length: hostile() ? int(4, 12) : int(1, 4) }, (_, i) => `"${pick(["seed", "series_a", "later", "a", "x y", "it's"])}${i}"`);
    return values.join(" | ");
  };
  for (const name of enumNames) {
    enums.push(name);
    lines.push(...docLines(), `enum ${name} {`);
    for (let i = 0; i < int(1, 6); i++) lines.push(...docLines().map((l) => `  ${l}`), `  ${pick(["invest", "pass", "maybe_later", "hold"])}${i}`);
    lines.push("}", "");
  }
  for (const name of recordNames) {
    records.push(name);
    lines.push(...docLines(), `type ${name} {`);
    const fields = new Set<string>();
    for (let i = 0; i < int(0, 7); i++) {
      let field = ident("f");
      while (fields.has(field)) field += "_";
      fields.add(field);
      let t = type();
      if (t.includes("|") && r() < 0.3) t = `(${t})[]`;
      lines.push(...docLines().map((l) => `  ${l}`), `  ${field}${r() < 0.3 ? "?" : ""}: ${t}`);
    }
    lines.push("}", "");
  }
  const model = r() < 0.7 ? fresh("m") : undefined;
  if (model) {
    const settings = [`temperature: ${pick(["0.2", "1", "0"])}`, `seed: ${int(1, 99)}`, `tier: ${stringLit(sentence(3))}`, "json: true"];
    lines.push(...docLines(), `model ${model} = ${stringLit(pick(["gpt-4.1-mini", "gpt-4o", "a/very-long/model-id-with-parts:latest"]))} { ${settings.slice(0, int(0, 4)).join(", ")} }`, "");
  }
  const tools: string[] = [];
  const workers = Array.from({ length: int(1, 4) }, () => fresh("w"));
  for (const name of workers) {
    const params = Array.from({ length: int(1, 5) }, (_, i) => ({ name: `${pick(["item", "deck", "notes", "a_longer_parameter"])}${i}`, type: type() }));
    lines.push(...docLines(), `worker ${name}(${params.map((p) => `${p.name}: ${p.type}`).join(", ")}) -> ${type()} {`);
    if (model && r() < 0.6) lines.push(`  model: ${model}`);
    else if (r() < 0.5) lines.push(`  model: ${stringLit(pick(["gpt-4o", "gpt-4.1-mini"]))}`);
    const instructions = r() < 0.5 ? sentence(6) : sentence(40);
    lines.push(`  instructions: ${stringLit(`${instructions} {{${params[0]!.name}}}`)}`);
    if (r() < 0.5) lines.push(`  context: ${params[int(0, params.length - 1)]!.name}`);
    if (r() < 0.3) lines.push(`  uses: [${workers.slice(0, int(1, workers.length)).join(", ")}]`, "  max_depth: 2");
    if (r() < 0.3) lines.push(`  max_turns: ${int(1, 9)}`);
    if (r() < 0.2) lines.push(`  temperature: 0.5`);
    lines.push("}", "");
  }
  for (let i = 0; i < int(0, 2); i++) {
    const name = fresh("t");
    const file = `./tools/${name}.ts`;
    tools.push(file);
    lines.push(...docLines(), `tool ${name}(${pick(["text: string", "deck: " + pick(recordNames), "a: int, b: int"])}) -> ${type()} from "${file}"${r() < 0.5 ? " needs approval" : ""}`, "");
  }
  if (r() < 0.3) {
    const w = workers[0]!;
    lines.push(`flow ${fresh("f")}(xs: string[]) -> string {`, `  let n = len(xs)`, `  return join(xs, ", ")`, "}", "");
    void w;
  }
  return { text: lines.join("\n"), tools };
}
