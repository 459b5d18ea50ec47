// `flowc fmt`: one canonical layout for `.flow` files, keeping every comment.
// Files with syntax errors are not formatted; their problems are returned.
import { parse } from "../../../grammar/index.ts";
import { formatModule } from "./decls.ts";

export { formatModule } from "./decls.ts";

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly errors: ReturnType<typeof parse>["errors"] };

export function formatSource(text: string, file: string): FormatResult {
  const { ast, errors } = parse(text, file);
  if (errors.length > 0) return { ok: false, errors };
  const formatted = formatModule(ast, text);
  return { ok: true, text: formatted, changed: formatted !== text };
}
