// Declarations in canonical layout: one function per declaration kind.
import type { Decl, Doc, ImportDecl, Module, Param, Setting, Span, TypeExpr } from "../../../grammar/ast.ts";
import { fits, formatExpr, formatList, formatType, quote } from "./exprs.ts";
import { Printer } from "./printer.ts";
import { formatBlock, openBlock } from "./stmts.ts";

type DeclOf<K extends Decl["kind"]> = Extract<Decl, { kind: K }>;

/** A declaration's span including its doc comment. */
function withDoc(span: Span, doc: Doc | undefined): Span {
  return doc && doc.span.start.offset < span.start.offset ? { ...span, start: doc.span.start } : span;
}

function docLines(doc: Doc | undefined): string[] {
  return doc ? doc.text.split("\n").map((line) => (line === "" ? "///" : `/// ${line}`)) : [];
}

function printDoc(p: Printer, doc: Doc | undefined): void {
  for (const line of docLines(doc)) p.line(line);
}

/** `name(a: T, b: U) -> R`; one parameter per line when it is too long or a parameter has a doc comment. */
function signature(name: string, params: readonly Param[], returns: TypeExpr, column: number): string {
  const text = (x: Param) => `${x.name.name}: ${formatType(x.type)}`;
  if (!params.some((x) => x.doc)) return `${name}${formatList("(", params.map((x) => () => text(x)), ")", column + name.length)} -> ${formatType(returns)}`;
  const lines = params.flatMap((x) => [...docLines(x.doc), `${text(x)},`]).map((l) => `  ${l}`);
  return `${name}(\n${lines.join("\n")}\n) -> ${formatType(returns)}`;
}

function settingLine(s: Setting, column: number): string {
  return `${s.name.name}: ${formatExpr(s.value, column + s.name.name.length + 2)}`;
}

function settingsBlock(p: Printer, header: string, settings: readonly Setting[], span: Span): void {
  openBlock(p, header, span, settings.length === 0, () => {
    for (const s of settings) p.item(s.span, () => p.line(settingLine(s, p.indent.length)), s.span.end.offset);
  });
}

const declRules: { [K in Decl["kind"]]: (p: Printer, d: DeclOf<K>) => void } = {
  TypeDecl: (p, d) =>
    openBlock(p, `type ${d.name.name}`, d.span, d.fields.length === 0, () => {
      for (const f of d.fields) {
        p.item(withDoc(f.span, f.doc), () => {
          printDoc(p, f.doc);
          p.line(`${f.name.name}${f.optional ? "?" : ""}: ${formatType(f.type)}`);
        }, f.span.end.offset);
      }
    }),
  EnumDecl: (p, d) => {
    const oneLine = `enum ${d.name.name} { ${d.members.map((m) => m.name.name).join(", ")} }`;
    const inline = d.members.length > 0 && !d.members.some((m) => m.doc) && !p.hasCommentIn(d.span);
    if (inline && fits(oneLine, p.indent.length)) return p.line(oneLine);
    openBlock(p, `enum ${d.name.name}`, d.span, d.members.length === 0, () => {
      for (const m of d.members) {
        p.item(withDoc(m.span, m.doc), () => {
          printDoc(p, m.doc);
          p.line(m.name.name);
        }, m.span.end.offset);
      }
    });
  },
  ModelDecl: (p, d) => {
    const header = `model ${d.name.name} = ${quote(d.id.value)}`;
    if (d.settings.length === 0) return p.line(header);
    const oneLine = `${header} { ${d.settings.map((s) => settingLine(s, 0)).join(", ")} }`;
    if (!p.hasCommentIn(d.span) && fits(oneLine, p.indent.length)) return p.line(oneLine);
    settingsBlock(p, header, d.settings, d.span);
  },
  WorkerDecl: (p, d) => settingsBlock(p, `worker ${signature(d.name.name, d.params, d.returns, 7)}`, d.settings, d.span),
  ToolDecl: (p, d) => {
    const head = `tool ${signature(d.name.name, d.params, d.returns, 5)}`;
    p.line(`${head} from ${quote(d.from.value)}${d.needsApproval ? " needs approval" : ""}`);
  },
  FlowDecl: (p, d) => formatBlock(p, `flow ${signature(d.name.name, d.params, d.returns, 5)}`, d.body),
};

function formatImport(p: Printer, d: ImportDecl): void {
  const names = formatList("{ ", d.names.map((n) => () => n.name), " }", 7);
  p.line(`import ${d.names.length === 0 ? "{}" : names} from ${quote(d.from.value)}`);
}

/**
 * A declaration with its doc comment. Comments inside its header (the
 * parameter list) or inside a one-line form move above it (above its doc, so
 * the doc stays attached).
 */
function formatDecl(p: Printer, d: Decl): void {
  p.item(withDoc(d.span, d.doc), () => {
    printDoc(p, d.doc);
    (declRules[d.kind] as (p: Printer, d: Decl) => void)(p, d);
  }, hoistUntil(p, d));
}

function hoistUntil(p: Printer, d: Decl): number {
  const oneLine = d.kind === "ToolDecl" || ((d.kind === "ModelDecl" || d.kind === "EnumDecl") && !hasBlockLayout(p, d));
  if (oneLine) return d.span.end.offset;
  if (d.kind === "WorkerDecl" || d.kind === "FlowDecl") return d.returns.span.end.offset;
  return withDoc(d.span, d.doc).start.offset;
}

/** Enums and models with comments inside keep them inside (they print as blocks). */
function hasBlockLayout(p: Printer, d: Decl): boolean {
  return d.kind !== "ToolDecl" && p.hasCommentIn(d.span);
}

export function formatModule(m: Module, source: string): string {
  const p = new Printer(m.comments, source);
  const items = [...m.imports, ...m.decls].sort((a, b) => startOf(a) - startOf(b));
  items.forEach((item, i) => {
    const previous = items[i - 1];
    if (previous && !(groupable(previous) && previous.kind === item.kind)) {
      p.blank();
      p.resetGap();
    }
    if (item.kind === "Import") p.item(item.span, () => formatImport(p, item), item.span.end.offset);
    else formatDecl(p, item);
  });
  return p.finish();
}

/** Imports, tools and models are one-liners: a run of them may stay together, as written. */
function groupable(item: ImportDecl | Decl): boolean {
  return item.kind === "Import" || item.kind === "ToolDecl" || item.kind === "ModelDecl";
}

function startOf(item: ImportDecl | Decl): number {
  return item.kind === "Import" ? item.span.start.offset : withDoc(item.span, item.doc).start.offset;
}
