// A tool file runs with the app's permissions, so it must be part of the
// project of the `.flow` file that names it (compiler/project-root.ts): a
// `../` path or a symlink that leads out of the project is FLW225, at the
// `from "..."` string, saying where the file really is and how to allow it.
import path from "node:path";
import type { ToolDecl } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import { findProjectRoot, shownPath, toolOutsideProject } from "../project-root.ts";
import type { ModuleInfo, ProgramState } from "./program.ts";

export function checkToolConfinement(state: ProgramState, info: ModuleInfo, decl: ToolDecl, implementation: string): void {
  const root = findProjectRoot(path.dirname(info.file));
  const real = toolOutsideProject(implementation, root);
  if (real === undefined) return;
  const shown = (file: string) => `\`${shownPath(file, state.cwd)}\``;
  const folder = slashes(path.relative(root.realDir, path.dirname(real)));
  const allow = `"allowToolsOutside": [${JSON.stringify(folder)}]`;
  const config = path.join(root.dir, "flowc.config.json");
  const listIt =
    root.file === config ? `list its folder in ${shown(config)}: ${allow}` : `create ${shown(config)} with { ${allow} }`;
  state.report(
    diag(D.ToolOutsideProject, decl.from.span, [JSON.stringify(decl.from.value), shown(real), shown(root.dir)], {
      hint: `move the file into the project, or ${listIt}`,
    }),
  );
}

function slashes(p: string): string {
  return p.split(path.sep).join("/");
}
