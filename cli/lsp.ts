// `flowc lsp`: the language server for editors, over stdin/stdout. The
// server (and vscode-languageserver) load only when this command runs.
import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("lsp")
    .summary("run the language server (LSP over stdin/stdout) for editors")
    .description(
      "Run the flowc language server on stdin/stdout: diagnostics as you type, hover, go to definition, " +
        "find references, rename, completion, the outline and formatting. Editors start it; see docs/editors.md.",
    )
    .option("--stdio", "talk over stdin/stdout (the default; accepted because editors pass it)")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc lsp                     what an editor runs (VS Code, Neovim, Helix: docs/editors.md)`,
    )
    .action(async () => {
      const { startServer } = await import("../lsp/server.ts");
      startServer();
    });
}
