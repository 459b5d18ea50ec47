// The VS Code side of flowc: registers nothing itself beyond what
// package.json contributes (the language, its grammar and configuration),
// and starts `flowc lsp` as a language client for `.flow` files.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { serverCommand } from "./server-path.ts";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("flowc.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("flowc.serverPath")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const { command, shell } = serverCommand(vscode.workspace.getConfiguration("flowc").get<string>("serverPath"), folders);
  // TransportKind.stdio adds `--stdio`, which `flowc lsp` accepts.
  const run = { command, args: ["lsp"], transport: TransportKind.stdio, options: { shell, ...(folders[0] ? { cwd: folders[0] } : {}) } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "flow" }],
    // Files changed outside the editor (a git checkout, a generator) are checked again.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.flow") },
  };
  client = new LanguageClient("flowc", "flowc", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `flowc: could not start \`${command} lsp\` (${error instanceof Error ? error.message : String(error)}). ` +
        "Install flowc in the workspace (npm i -D flowc) or set flowc.serverPath.",
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) await running.stop();
}
