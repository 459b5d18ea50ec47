// The text a hover shows for each kind of symbol: a declaration's signature
// as it is written in `.flow`, a field or parameter with its type, and the
// `///` doc comment under it.
import path from "node:path";
import { typeToString } from "../compiler/plan/type-text.ts";
import type { Declaration, ModelRef, Type, WorkerDef } from "../compiler/plan/ir.ts";
import type { ProgramLookup } from "./program-lookup.ts";
import type { SymbolRef } from "./symbols.ts";
import { assertNever } from "../grammar/exhaustive.ts";

/** Signatures of the built-ins, as docs/language.md gives them. */
export const BUILTIN_SIGNATURES: Readonly<Record<string, { signature: string; doc: string }>> = {
  split: { signature: "split(text: string, max_chars: int, overlap?: int) -> string[]", doc: "Chunks of at most `max_chars` characters, each overlapping the previous by `overlap`." },
  flatten: { signature: "flatten(xss: T[][]) -> T[]", doc: "The elements of every inner array, in order." },
  len: { signature: "len(xs: T[] | string) -> int", doc: "The number of elements (or of characters of a string)." },
  join: { signature: "join(xs: string[], sep: string) -> string", doc: "The strings joined with `sep` between them." },
  concat: { signature: "concat(xs: T[], ys: T[]) -> T[]", doc: "`xs` followed by `ys`." },
  sum: { signature: "sum(xs: T[], by?: field) -> int | number", doc: "The total of the numbers, or of field `by` of every element; 0 for an empty list." },
  min: { signature: "min(xs: T[], by?: field, empty?: T) -> T", doc: "The smallest element (by field `by`; the first of equals); `empty` for an empty list." },
  max: { signature: "max(xs: T[], by?: field, empty?: T) -> T", doc: "The largest element (by field `by`; the first of equals); `empty` for an empty list." },
  sort: { signature: "sort(xs: T[], by?: field, descending?: bool) -> T[]", doc: "A sorted copy, by field `by`; stable: equal keys keep their order." },
  count: { signature: "count(xs: T[], by?: field) -> { key: K, count: int }[]", doc: "How many elements have each key (field `by`, or the element), in the order keys first appear." },
};

export function flowBlock(code: string): string {
  return `\`\`\`flow\n${code}\n\`\`\``;
}

/** Markdown for a symbol, or undefined when nothing is known about it. */
export function describeSymbol(s: SymbolRef, type: Type | undefined, lookup: ProgramLookup, from: string): string | undefined {
  const where = s.file !== from && s.file !== "" ? `\n\n*from ${path.relative(path.dirname(from), s.file) || path.basename(s.file)}*` : "";
  const [owner = "", member = ""] = s.name.split(".");
  switch (s.kind) {
    case "decl": {
      const d = lookup.decl(s.file, s.name);
      return d === undefined ? undefined : withDoc(flowBlock(declarationText(d, lookup)) + (d.kind === "worker" ? workerFacts(d) : ""), d.doc) + where;
    }
    case "field": {
      const record = lookup.decl(s.file, owner);
      const f = record?.kind === "record" ? record.fields.find((x) => x.name === member) : undefined;
      if (f === undefined) return undefined;
      return withDoc(flowBlock(`(field) ${owner}.${member}${f.optional ? "?" : ""}: ${typeToString(f.type)}`), f.doc) + where;
    }
    case "member": {
      const e = lookup.decl(s.file, owner);
      const m = e?.kind === "enum" ? e.members.find((x) => x.name === member) : undefined;
      return m === undefined ? undefined : withDoc(flowBlock(`(enum member) ${owner}.${member}`), m.doc) + where;
    }
    case "param": {
      const d = lookup.decl(s.file, owner);
      const p = d !== undefined && "signature" in d ? d.signature.params.find((x) => x.name === member) : undefined;
      if (p === undefined || d === undefined) return undefined;
      return flowBlock(`(parameter) ${member}: ${typeToString(p.type)}`) + `\n\nof ${d.kind} \`${d.name}\`` + where;
    }
    case "let":
    case "binder":
      return flowBlock(`(${s.kind === "let" ? "let" : "binder"}) ${s.name}${type !== undefined ? `: ${typeToString(type)}` : ""}`);
    case "builtin": {
      const b = BUILTIN_SIGNATURES[s.name];
      return b === undefined ? undefined : withDoc(flowBlock(`(built-in) ${b.signature}`), b.doc);
    }
    case "module":
      return `module \`${s.file}\``;
    case "implementation":
      return `implementation of tool \`${s.name}\`: \`${s.file}\``;
  }
  return assertNever(s.kind, "symbol kind");
}

function withDoc(code: string, doc: string | undefined): string {
  return doc === undefined || doc === "" ? code : `${code}\n\n${doc}`;
}

function params(d: Extract<Declaration, { signature: unknown }>): string {
  const list = d.signature.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(", ");
  return `(${list}) -> ${typeToString(d.signature.returns)}`;
}

/** A declaration's header as written in `.flow`. */
export function declarationText(d: Declaration, lookup?: ProgramLookup): string {
  switch (d.kind) {
    case "record":
      return d.fields.length === 0
        ? `type ${d.name} {}`
        : `type ${d.name} {\n${d.fields.map((f) => `  ${f.name}${f.optional ? "?" : ""}: ${typeToString(f.type)}`).join("\n")}\n}`;
    case "enum":
      return `enum ${d.name} { ${d.members.map((m) => m.name).join(", ")} }`;
    case "model":
      return `model ${d.name} = ${JSON.stringify(d.id)}${settingsText(d.settings)}`;
    case "worker":
      return `worker ${d.name}${params(d)}${d.model !== undefined ? `\n  model: ${modelText(d.model, lookup)}` : ""}`;
    case "tool":
      return `tool ${d.name}${params(d)} from ${JSON.stringify(d.from)}${d.needsApproval ? " needs approval" : ""}`;
    case "flow":
      return `flow ${d.name}${params(d)}`;
  }
}

function settingsText(settings: readonly { name: string; value: string | number | boolean }[]): string {
  return settings.length === 0 ? "" : ` { ${settings.map((s) => `${s.name}: ${JSON.stringify(s.value)}`).join(", ")} }`;
}

/** `analyst = "gpt-4.1-mini" { temperature: 0.2 }`, or the inline id. */
function modelText(m: ModelRef, lookup: ProgramLookup | undefined): string {
  if (m.kind === "inline") return JSON.stringify(m.id);
  const d = m.module !== undefined && m.name !== undefined ? lookup?.decl(m.module, m.name) : undefined;
  return `${m.name} = ${JSON.stringify(m.id)}${d?.kind === "model" ? settingsText(d.settings) : ""}`;
}

/** A worker's other settings under its signature: what it may call and its limits. */
function workerFacts(w: WorkerDef): string {
  const facts: string[] = [];
  if (w.uses.length > 0) facts.push(`uses: ${w.uses.map((u) => `\`${u.name}\``).join(", ")}`);
  if (w.maxTurns !== undefined) facts.push(`max_turns: ${w.maxTurns}`);
  if (w.maxDepth !== undefined) facts.push(`max_depth: ${w.maxDepth}`);
  if (w.temperature !== undefined) facts.push(`temperature: ${w.temperature}`);
  if (w.retries !== undefined) facts.push(`retries: ${w.retries}`);
  return facts.length === 0 ? "" : `\n\n${facts.join(" · ")}`;
}
