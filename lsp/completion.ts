// Completion. What fits at the cursor is read from the text before it on
// its line and from the declaration around it: record fields and enum
// members after `.`, parameters and their fields in `{{...}}`, type names
// after `:`/`->` in a signature or a record, worker settings and their
// values in a worker, names in scope, built-ins and keywords in a flow.
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import type * as Ast from "../grammar/ast.ts";
import type { Declaration, Type } from "../compiler/plan/ir.ts";
import { typeToString } from "../compiler/plan/type-text.ts";
import type { Analysis } from "./analysis.ts";
import { BUILTIN_SIGNATURES, declarationText } from "./describe.ts";
import { DECLARATION_KEYWORDS, EXPRESSION_KEYWORDS, PRIMITIVE_TYPES, STATEMENT_KEYWORDS, WORKER_SETTINGS } from "./keywords.ts";
import { declarationAt, localsAt, type VisibleLocal } from "./scope-at.ts";

const DECL_KINDS: Record<Declaration["kind"], CompletionItemKind> = {
  record: CompletionItemKind.Struct,
  enum: CompletionItemKind.Enum,
  model: CompletionItemKind.Constant,
  worker: CompletionItemKind.Function,
  tool: CompletionItemKind.Function,
  flow: CompletionItemKind.Function,
};

export function completions(analysis: Analysis, file: string, text: string, offset: number): CompletionItem[] {
  const linePrefix = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
  if (inComment(linePrefix)) return [];
  const ast = analysis.ast(file);
  const decl = ast === undefined ? undefined : declarationAt(ast, offset);
  const line = text.slice(0, offset).split("\n").length;
  const c = new Completer(analysis, file, decl, offset, line);

  const template = /\{\{\s*([\w.]*)$/.exec(linePrefix);
  if (template !== null) return decl?.kind === "WorkerDecl" ? c.path(template[1]!.split("."), true) : [];
  if (inString(linePrefix)) return [];
  const member = /([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.\w*$/.exec(linePrefix);
  if (member !== null) return c.path([...member[1]!.split("."), ""], false);

  if (decl === undefined || /^\w*$/.test(linePrefix)) return keywords(DECLARATION_KEYWORDS);
  const typePosition = /(?::|->)\s*[\w[\]]*$/.test(linePrefix);
  if (decl.kind === "TypeDecl") return typePosition ? c.types() : [];
  if (decl.kind === "ToolDecl" || decl.kind === "ModelDecl") return typePosition ? c.types() : [];
  const header = /^\s*(worker|flow)\b/.test(linePrefix);
  if (header) return typePosition ? c.types() : [];
  if (decl.kind === "WorkerDecl") return c.workerSetting(linePrefix);
  return [
    ...c.locals(),
    ...c.moduleNames(["worker", "tool", "flow", "enum"]),
    ...c.builtins(),
    ...keywords(/^\s*\w*$/.test(linePrefix) ? [...STATEMENT_KEYWORDS, ...EXPRESSION_KEYWORDS] : EXPRESSION_KEYWORDS),
  ];
}

class Completer {
  private readonly visible: VisibleLocal[];

  constructor(
    private readonly analysis: Analysis,
    private readonly file: string,
    private readonly decl: Ast.Decl | undefined,
    offset: number,
    line: number,
  ) {
    this.visible = decl === undefined ? [] : localsAt(decl, offset, line);
  }

  /** `a.b.` (or `{{a.b.`): the last segment is being typed; the ones before name a local, a parameter or an enum, then fields. */
  path(segments: readonly string[], templateOnly: boolean): CompletionItem[] {
    if (segments.length <= 1) return templateOnly ? this.locals().filter((l) => l.kind === CompletionItemKind.Variable) : this.locals();
    const [head, ...rest] = segments.slice(0, -1);
    const local = [...this.visible].reverse().find((l) => l.name === head);
    let type: Type | undefined = local === undefined ? undefined : this.typeOf(local);
    if (local === undefined && !templateOnly) {
      const enumFile = this.analysis.lookup.scope(this.file).get(head!);
      const e = enumFile === undefined ? undefined : this.analysis.lookup.decl(enumFile, head!);
      if (e?.kind === "enum" && rest.length === 0) {
        return e.members.map((m) => ({ label: m.name, kind: CompletionItemKind.EnumMember, detail: `${e.name}.${m.name}`, ...(m.doc ? { documentation: m.doc } : {}) }));
      }
    }
    for (const name of rest) type = this.fieldType(type, name);
    return this.fields(type);
  }

  private typeOf(local: VisibleLocal): Type | undefined {
    return this.analysis.occurrences(this.file).find((o) => o.definition && o.span.start.offset === local.span.start.offset)?.type;
  }

  private recordOf(type: Type | undefined): Extract<Declaration, { kind: "record" }> | undefined {
    if (type?.kind !== "record") return undefined;
    const d = this.analysis.lookup.decl(type.module, type.name);
    return d?.kind === "record" ? d : undefined;
  }

  private fieldType(type: Type | undefined, name: string): Type | undefined {
    return this.recordOf(type)?.fields.find((f) => f.name === name)?.type;
  }

  private fields(type: Type | undefined): CompletionItem[] {
    return (this.recordOf(type)?.fields ?? []).map((f) => ({
      label: f.name,
      kind: CompletionItemKind.Field,
      detail: `${typeToString(f.type)}${f.optional ? " (optional)" : ""}`,
      ...(f.doc ? { documentation: f.doc } : {}),
    }));
  }

  locals(): CompletionItem[] {
    const seen = new Set<string>();
    const items: CompletionItem[] = [];
    for (const l of [...this.visible].reverse()) {
      if (seen.has(l.name)) continue;
      seen.add(l.name);
      const type = this.typeOf(l);
      items.push({ label: l.name, kind: CompletionItemKind.Variable, detail: `(${l.kind})${type !== undefined ? ` ${typeToString(type)}` : ""}` });
    }
    return items;
  }

  /** Names the module sees (its own declarations and its imports) of the given kinds. */
  moduleNames(kinds: readonly Declaration["kind"][]): CompletionItem[] {
    const items: CompletionItem[] = [];
    for (const [name, file] of this.analysis.lookup.scope(this.file)) {
      const d = this.analysis.lookup.decl(file, name);
      if (d === undefined || !kinds.includes(d.kind)) continue;
      items.push({ label: name, kind: DECL_KINDS[d.kind], detail: declarationText(d).split("\n")[0]!, ...(d.doc ? { documentation: d.doc } : {}) });
    }
    return items;
  }

  types(): CompletionItem[] {
    return [...PRIMITIVE_TYPES.map((t) => ({ label: t, kind: CompletionItemKind.TypeParameter })), ...this.moduleNames(["record", "enum"])];
  }

  builtins(): CompletionItem[] {
    return Object.entries(BUILTIN_SIGNATURES).map(([label, b]) => ({ label, kind: CompletionItemKind.Function, detail: b.signature, documentation: b.doc }));
  }

  /** In a worker: a setting's name at the start of a line, or the value that setting takes. */
  workerSetting(linePrefix: string): CompletionItem[] {
    const setting = /^\s*(\w+)\s*:/.exec(linePrefix)?.[1];
    if (setting === undefined) {
      if (!/^\s*\w*$/.test(linePrefix)) return [];
      const present = new Set(this.decl?.kind === "WorkerDecl" ? this.decl.settings.map((s) => s.name.name) : []);
      return Object.entries(WORKER_SETTINGS)
        .filter(([name]) => !present.has(name))
        .map(([label, doc]) => ({ label, kind: CompletionItemKind.Property, documentation: doc, insertText: `${label}: ` }));
    }
    if (setting === "model") return this.moduleNames(["model"]);
    if (setting === "uses") return this.moduleNames(["worker", "tool", "flow"]);
    if (setting === "context") return [...this.locals(), ...this.builtins()];
    return [];
  }
}

function keywords(words: readonly string[]): CompletionItem[] {
  return words.map((label) => ({ label, kind: CompletionItemKind.Keyword }));
}

/** True after `//` outside a string (`"` counted on the line). */
function inComment(linePrefix: string): boolean {
  const at = linePrefix.indexOf("//");
  return at >= 0 && !inString(linePrefix.slice(0, at));
}

/** An odd number of unescaped `"` before the cursor on its line. */
function inString(linePrefix: string): boolean {
  return (linePrefix.replace(/\\./g, "").match(/"/g)?.length ?? 0) % 2 === 1;
}
