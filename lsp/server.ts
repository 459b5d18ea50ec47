// `flowc lsp`: the language server, over stdin/stdout. It reuses the
// compiler's phases (the parser, `check()`, the plan, the formatter) on the
// editor's buffers: diagnostics as you type (debounced), hover, definition,
// references, rename, completion, the outline and formatting.
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { completions } from "./completion.ts";
import { diagnosticsByFile } from "./diagnostics.ts";
import { formatDocument } from "./format.ts";
import { hover } from "./hover.ts";
import { definition, prepareRename, references, rename } from "./navigation.ts";
import { documentSymbols } from "./outline.ts";
import { pathToUri, uriToPath } from "./positions.ts";
import { ToolDiagnostics } from "./tool-diagnostics.ts";
import { Workspace } from "./workspace.ts";

export interface ServerOptions {
  /**
   * How long to wait after a change before checking (ms, default 15), so a
   * burst of keystrokes is checked once. Changes that queue up while a check
   * runs are all applied before the next one starts. Also settable as
   * `initializationOptions.debounceMs`.
   */
  readonly debounceMs?: number;
  /** Type-check tool files with tsc on open and save, as `flowc check` does (default true; `initializationOptions.checkTools`). */
  readonly checkTools?: boolean;
}

export function startServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout, options: ServerOptions = {}): Connection {
  const connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  let workspace = new Workspace([]);
  let debounceMs = options.debounceMs ?? 15;
  let checkTools = options.checkTools ?? true;
  let timer: NodeJS.Timeout | undefined;
  let published = new Set<string>();
  const tools = new ToolDiagnostics(() => workspace.roots);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspace = new Workspace(workspaceRoots(params));
    const given = (params.initializationOptions ?? {}) as { debounceMs?: unknown; checkTools?: unknown };
    if (typeof given.debounceMs === "number" && given.debounceMs >= 0) debounceMs = given.debounceMs;
    if (typeof given.checkTools === "boolean") checkTools = given.checkTools;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: [".", "{", ":"] },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
      },
      serverInfo: { name: "flowc" },
    };
  });

  const publish = (): void => {
    timer = undefined;
    try {
      publishNow();
    } catch (error) {
      connection.console.error(`flowc lsp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  const publishNow = (): void => {
    const analysis = workspace.analysis("open");
    const { diagnostics, sources } = analysis.result;
    const byFile = diagnosticsByFile(analysis.files(), [...diagnostics, ...tools.current(sources)]);
    // Files checked before but not now (closed, no longer imported): clear them.
    for (const file of published) if (!byFile.has(file)) byFile.set(file, []);
    for (const [file, list] of byFile) {
      const version = documents.get(pathToUri(file))?.version;
      void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: list, ...(version !== undefined ? { version } : {}) });
    }
    published = new Set([...byFile].filter(([, d]) => d.length > 0).map(([f]) => f));
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(publish, debounceMs);
  };

  // Tool files are type-checked by tsc: on open and save, not per keystroke.
  // Deferred: a document's open event comes before its text reaches the workspace.
  const checkToolFiles = (): void => {
    setImmediate(() => {
      if (!checkTools) return;
      tools.run(() => workspace.analysis("open").result).then(
        (changed) => changed && publish(),
        (error: unknown) => connection.console.error(`flowc lsp: tool check: ${String(error)}`),
      );
    });
  };
  documents.onDidOpen(checkToolFiles);
  documents.onDidSave(checkToolFiles);

  documents.onDidChangeContent(({ document }) => {
    const file = uriToPath(document.uri);
    if (file === undefined) return;
    workspace.setBuffer(file, document.getText());
    schedule();
  });
  documents.onDidClose(({ document }) => {
    const file = uriToPath(document.uri);
    if (file === undefined) return;
    workspace.closeBuffer(file);
    schedule();
  });
  connection.onDidChangeWatchedFiles(() => {
    workspace.changed();
    schedule();
    checkToolFiles();
  });

  /** Runs a request on a `file:` document; a failure answers null rather than taking the server down. */
  const at = <T>(uri: string, position: { line: number; character: number }, run: (file: string, offset: number, document: TextDocument) => T): T | null => {
    const document = documents.get(uri);
    const file = uriToPath(uri);
    if (document === undefined || file === undefined) return null;
    try {
      return run(file, document.offsetAt(position), document);
    } catch (error) {
      connection.console.error(`flowc lsp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return null;
    }
  };
  const readText = (file: string): string | undefined => documents.get(pathToUri(file))?.getText();

  connection.onHover((p) => at(p.textDocument.uri, p.position, (file, offset) => hover(workspace.analysis(), file, offset)));
  connection.onDefinition((p) => at(p.textDocument.uri, p.position, (file, offset) => definition(workspace.analysis(), file, offset, readText)));
  connection.onReferences((p) =>
    at(p.textDocument.uri, p.position, (file, offset) => references(workspace.analysis("workspace"), file, offset, p.context.includeDeclaration)),
  );
  connection.onPrepareRename((p) => at(p.textDocument.uri, p.position, (file, offset) => prepareRename(workspace.analysis(), file, offset)));
  connection.onRenameRequest((p) => {
    // A name that cannot be one is an error the client shows, not an empty edit.
    const document = documents.get(p.textDocument.uri);
    const file = uriToPath(p.textDocument.uri);
    if (document === undefined || file === undefined) return null;
    return rename(workspace.analysis("workspace"), file, document.offsetAt(p.position), p.newName);
  });
  connection.onCompletion((p) =>
    at(p.textDocument.uri, p.position, (file, offset, document) => completions(workspace.analysis(), file, document.getText(), offset)),
  );
  connection.onDocumentSymbol((p) => at(p.textDocument.uri, { line: 0, character: 0 }, (file) => documentSymbols(workspace.analysis(), file)));
  connection.onDocumentFormatting((p) => at(p.textDocument.uri, { line: 0, character: 0 }, (file, _offset, document) => formatDocument(document, file)));

  documents.listen(connection);
  connection.listen();
  return connection;
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToPath).filter((p): p is string => p !== undefined);
}
