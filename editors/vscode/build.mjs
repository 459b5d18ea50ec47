// Builds the extension: src/ bundled with vscode-languageclient into one
// CommonJS file (dist/extension.js; `vscode` is provided by VS Code), and the
// grammar copied in from editors/textmate (syntaxes/). The .vsix then needs
// no node_modules of its own.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
rmSync(path.join(here, "dist"), { recursive: true, force: true });
await build({
  entryPoints: [path.join(here, "src", "extension.ts")],
  outfile: path.join(here, "dist", "extension.js"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});
mkdirSync(path.join(here, "syntaxes"), { recursive: true });
copyFileSync(path.join(here, "..", "textmate", "flow.tmLanguage.json"), path.join(here, "syntaxes", "flow.tmLanguage.json"));
