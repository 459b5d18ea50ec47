// Random whole `.flow` programs for the property test through tsc
// (test/fuzz/tsc-property.test.ts, `npm run fuzz -- --tsc`): records, enums,
// workers, tools, reducers and flows whose bodies exercise every binding
// (`let`, reassignment, map/filter binders) and expression. Types are chosen
// so that the checker accepts most programs; names are often JavaScript
// built-ins (`constructor`, `Object`, `z`, `ctx`, ...), and an expression may
// be nested close to, or past, the nesting limit. Deterministic from the seed.
// (gen-decls.ts makes modules of declarations only, for the printers.)
import { BodyWriter } from "./gen-flow-body.ts";
import { prng } from "./prng.ts";
import { G, typeText, type GCallable, type GField, type GType } from "./gen-types.ts";

/**
 * Names that are properties, globals or helpers in JavaScript, TypeScript or
 * the generated code, and that `.flow` accepts: the generated code must cope.
 */
export const HOSTILE_NAMES: readonly string[] = [
  "constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "toLocaleString", "__defineGetter__",
  "Object", "Promise", "z", "ctx", "Math", "Error", "Array", "JSON", "String", "Number", "Boolean", "Symbol", "Map", "Set",
  "Date", "RegExp", "globalThis", "console", "process", "require", "module", "exports", "then", "type", "as", "of", "get",
  "set", "input", "output", "schema", "plan", "run", "name", "length", "prototype", "defineFlow", "defineWorker",
  "defineTool", "defineModel", "runFlow", "Flow", "Worker", "Tool", "FlowContext", "RunOptions", "ToolContext", "Json",
  "deepEqual", "tool_t0", "any", "never", "unknown", "object", "string", "number", "boolean", "symbol", "async",
  "abstract", "declare", "keyof", "infer", "readonly", "satisfies", "round", "batch", "from", "model", "flow",
];

/** Names `.flow` refuses (FLW217, or a keyword: FLW1xx): a program with one must be rejected, not crash. */
export const REFUSED_NAMES: readonly string[] = [
  "__proto__", "Infinity", "NaN", "undefined", "arguments", "eval", "await", "yield", "let", "static", "interface",
  "implements", "package", "enum", "class", "split", "len", "map", "return",
];

export interface ProgramShape {
  readonly seed: number;
  /** The chance that a name is taken from HOSTILE_NAMES. */
  readonly hostile: number;
  /** An expression nested close to the limit (accepted) or past it (FLW108). */
  readonly deep: "none" | "near" | "over";
}

export interface GeneratedProgram {
  readonly text: string;
  /** Tool implementation files, by path relative to the program's folder. */
  readonly files: Readonly<Record<string, string>>;
}

/** Unique names for one module (declarations and locals share a namespace: no shadowing). */
export class Names {
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(
    private readonly r: () => number,
    private readonly hostile: number,
  ) {}

  /** A hostile name now and then, and one `.flow` refuses about once in forty of those. */
  private hostileName(): string {
    const pool = this.r() < 0.025 ? REFUSED_NAMES : HOSTILE_NAMES;
    return pool[Math.floor(this.r() * pool.length)]!;
  }

  take(prefix: string): string {
    if (this.r() < this.hostile) {
      const name = this.hostileName();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    let name = `${prefix}${this.counter++}`;
    while (this.used.has(name)) name += "_";
    this.used.add(name);
    return name;
  }

  /** A name within one record or enum, where module names do not clash. */
  member(prefix: string, taken: Set<string>): string {
    const hostile = this.r() < this.hostile ? this.hostileName() : undefined;
    let name = hostile !== undefined && !taken.has(hostile) ? hostile : `${prefix}${taken.size}`;
    while (taken.has(name)) name += "_";
    taken.add(name);
    return name;
  }
}

/** The declarations a body can use. */
export interface Declared {
  readonly records: Map<string, readonly GField[]>;
  readonly enums: Map<string, readonly string[]>;
  readonly callables: GCallable[];
}

export function randomProgram(shape: ProgramShape): GeneratedProgram {
  const r = prng(shape.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const names = new Names(r, shape.hostile);
  const declared: Declared = { records: new Map(), enums: new Map(), callables: [] };
  const lines: string[] = [];
  const files: Record<string, string> = {};

  const anyType = (depth = 0): GType => {
    const roll = r();
    const records = [...declared.records.keys()];
    const enums = [...declared.enums.keys()];
    if (roll < 0.4 || depth > 1) return [G.string, G.int, G.number, G.bool, G.json][int(0, 4)]!;
    if (roll < 0.5) return { k: "lits", values: ["a", "b", "x y", "é", "it's"].slice(0, int(1, 3)) };
    if (roll < 0.6 && enums.length > 0) return { k: "enum", name: enums[int(0, enums.length - 1)]! };
    if (roll < 0.75 && records.length > 0) return { k: "record", name: records[int(0, records.length - 1)]! };
    return G.array(anyType(depth + 1));
  };

  for (let i = int(0, 2); i > 0; i--) {
    const name = names.take("E");
    const taken = new Set<string>();
    const members = Array.from({ length: int(1, 4) }, () => names.member("m", taken));
    declared.enums.set(name, members);
    lines.push(`enum ${name} { ${members.join(", ")} }`, "");
  }
  for (let i = int(1, 3); i > 0; i--) {
    const name = names.take("R");
    const taken = new Set<string>();
    const fields = Array.from({ length: int(1, 4) }, (): GField => ({ name: names.member("f", taken), type: anyType(), optional: r() < 0.25 }));
    declared.records.set(name, fields);
    lines.push(`type ${name} {`, ...fields.map((f) => `  ${f.name}${f.optional ? "?" : ""}: ${typeText(f.type)}`), "}", "");
  }
  const params = (n: number) => Array.from({ length: n }, () => ({ name: names.take("p"), type: anyType() }));
  const signature = (c: GCallable) => `${c.name}(${c.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(", ")}) -> ${c.returns === undefined ? "void" : typeText(c.returns)}`;

  for (let i = int(1, 3); i > 0; i--) {
    const worker: GCallable = { kind: "worker", name: names.take("w"), params: params(int(1, 3)), returns: anyType() };
    declared.callables.push(worker);
    const model = r() < 0.5 ? [`  model: ${JSON.stringify("gpt-4.1-mini")}`] : [];
    const context = r() < 0.4 ? [`  context: ${worker.params[0]!.name}`] : [];
    lines.push(`worker ${signature(worker)} {`, ...model, `  instructions: "Work on {{${worker.params[0]!.name}}}"`, ...context, "}", "");
  }
  // A reducer for `reduce ... with`: one `T[]` parameter, returns `T`.
  if (r() < 0.6) {
    const t = anyType(1);
    const reducer: GCallable = { kind: "worker", name: names.take("merge"), params: [{ name: names.take("items"), type: G.array(t) }], returns: t };
    declared.callables.push(reducer);
    lines.push(`worker ${signature(reducer)} {`, `  instructions: "Merge {{${reducer.params[0]!.name}}}"`, "}", "");
  }
  for (let i = int(0, 2); i > 0; i--) {
    const tool: GCallable = { kind: "tool", name: names.take("t"), params: params(int(1, 2)), returns: r() < 0.2 ? undefined : anyType() };
    declared.callables.push(tool);
    const file = `tools/t${i}.ts`;
    files[file] = `// A stub: the property test checks the generated code, not tools.\nexport function ${tool.name}(input: any): any {\n  return input;\n}\n`;
    lines.push(`tool ${signature(tool)} from "./${file}"${r() < 0.3 ? " needs approval" : ""}`, "");
  }
  const flows = int(1, 3);
  for (let i = 0; i < flows; i++) {
    const flow: GCallable = { kind: "flow", name: names.take("f"), params: params(int(0, 3)), returns: r() < 0.1 ? undefined : anyType() };
    const body = new BodyWriter(r, names, declared, flow, i === flows - 1 ? shape.deep : "none");
    lines.push(`flow ${signature(flow)} {`, ...body.write(), "}", "");
    declared.callables.push(flow); // later flows may call it; it may not call itself
  }
  return { text: lines.join("\n"), files };
}
