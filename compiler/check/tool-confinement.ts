// A tool file runs with the app's permissions, so it must be part of the
// project of the `.flow` file that names it (compiler/project-root.ts): a
// `../` path or a symlink that leads out of the project is FLW225, at the
// `from "..."` string, saying where the file really is and how to allow it.
import path from "node:path";
import type { ToolDecl } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import { findProjectRoot, isInside, shownPath, toolOutsideProject, type ProjectRoot } from "../project-root.ts";
import type { ModuleInfo, ProgramState } from "./program.ts";

export function checkToolConfinement(state: ProgramState, info: ModuleInfo, decl: ToolDecl, implementation: string): void {
  const root = findProjectRoot(path.dirname(info.file));
  const real = toolOutsideProject(implementation, root);
  if (real === undefined) return;
  const shown = (file: string) => `\`${shownPath(file, state.cwd)}\``;
  state.report(
    diag(D.ToolOutsideProject, decl.from.span, [JSON.stringify(decl.from.value), shown(real), shown(root.dir)], {
      hint: fix(root, real, shown),
    }),
  );
}

/** Move the file in, or allow its folder; without any project file, marking one above both is simpler. */
function fix(root: ProjectRoot, real: string, shown: (file: string) => string): string {
  const common = commonFolder(root.realDir, real);
  if (root.file === undefined && path.dirname(common) !== common) {
    return `no \`flowc.config.json\` or \`package.json\` is above the .flow file, so its own folder is the root: create \`flowc.config.json\` (\`{}\` will do) in a folder that holds both, like ${shown(common)}, or move the file into the project`;
  }
  const allow = `"allowToolsOutside": [${JSON.stringify(slashes(path.relative(root.realDir, path.dirname(real))))}]`;
  const config = path.join(root.dir, "flowc.config.json");
  const listIt =
    root.file === config ? `list its folder in ${shown(config)}: ${allow}` : `create ${shown(config)} with { ${allow} }`;
  return `move the file into the project, or ${listIt}`;
}

function commonFolder(a: string, b: string): string {
  let dir = a;
  while (!isInside(b, dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function slashes(p: string): string {
  return p.split(path.sep).join("/");
}
