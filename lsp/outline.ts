// Document symbols (the outline): every declaration with its fields, enum
// members or parameters as children, and its signature as the detail.
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type * as Ast from "../grammar/ast.ts";
import { typeToString } from "../compiler/plan/type-text.ts";
import type { Analysis } from "./analysis.ts";
import { toRange } from "./positions.ts";

export function documentSymbols(analysis: Analysis, file: string): DocumentSymbol[] {
  return (analysis.ast(file)?.decls ?? []).map((d) => declarationSymbol(analysis, file, d));
}

function symbol(name: string, kind: SymbolKind, node: { span: Ast.Ident["span"] }, id: Ast.Ident, detail: string, children: DocumentSymbol[] = []): DocumentSymbol {
  return { name, kind, detail, range: toRange(node.span), selectionRange: toRange(id.span), ...(children.length > 0 ? { children } : {}) };
}

function declarationSymbol(analysis: Analysis, file: string, d: Ast.Decl): DocumentSymbol {
  const planned = analysis.lookup.decl(file, d.name.name);
  const signature =
    planned !== undefined && "signature" in planned
      ? `(${planned.signature.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(", ")}) -> ${typeToString(planned.signature.returns)}`
      : "";
  switch (d.kind) {
    case "TypeDecl": {
      const fields = planned?.kind === "record" ? planned.fields : [];
      const children = d.fields.map((f) => {
        const type = fields.find((x) => x.name === f.name.name)?.type;
        return symbol(f.name.name, SymbolKind.Field, f, f.name, type === undefined ? "" : `${typeToString(type)}${f.optional ? " (optional)" : ""}`);
      });
      return symbol(d.name.name, SymbolKind.Struct, d, d.name, "type", children);
    }
    case "EnumDecl":
      return symbol(d.name.name, SymbolKind.Enum, d, d.name, "enum", d.members.map((m) => symbol(m.name.name, SymbolKind.EnumMember, m, m.name, "")));
    case "ModelDecl":
      return symbol(d.name.name, SymbolKind.Constant, d, d.name, `model ${JSON.stringify(d.id.value)}`);
    case "WorkerDecl":
      return symbol(d.name.name, SymbolKind.Function, d, d.name, `worker ${signature}`.trim());
    case "ToolDecl":
      return symbol(d.name.name, SymbolKind.Function, d, d.name, `tool ${signature}`.trim());
    case "FlowDecl":
      return symbol(d.name.name, SymbolKind.Function, d, d.name, `flow ${signature}`.trim());
  }
}
