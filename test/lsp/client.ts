// A real LSP client (vscode-languageserver-protocol over a child process's
// stdio) for the tests and bench/lsp.ts: starts the server, opens and edits
// documents, waits for published diagnostics, and sends requests.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface StartOptions {
  /** The workspace folder. */
  readonly root: string;
  /** `["bin/flowc.js", "lsp"]` to run the command; default: the server's sources through tsx. */
  readonly command?: readonly string[];
  /**
   * Default `{ checkTools: false }`: tsc's tool check publishes again when it
   * finishes, at a moment no test can foresee; tools.test.ts turns it on.
   */
  readonly initializationOptions?: Record<string, unknown>;
}

export class LspClient {
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly waiting = new Map<string, ((d: Diagnostic[]) => void)[]>();
  readonly latest = new Map<string, Diagnostic[]>();

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p.diagnostics);
      const waiters = this.waiting.get(p.uri) ?? [];
      this.waiting.delete(p.uri);
      for (const w of waiters) w(p.diagnostics);
    });
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const args = options.command ?? ["--import", "tsx", path.join(ROOT, "lsp", "stdio.ts")];
    const child = spawn(process.execPath, [...args], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspClient(connection, child);
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: uri(options.root),
      workspaceFolders: [{ uri: uri(options.root), name: path.basename(options.root) }],
      capabilities: {},
      initializationOptions: options.initializationOptions ?? { checkTools: false },
    });
    await connection.sendNotification("initialized", {});
    return client;
  }

  /** Resolves with the next diagnostics published for `file` (ask before the change that causes them). */
  nextDiagnostics(file: string): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      const list = this.waiting.get(uri(file)) ?? [];
      list.push(resolve);
      this.waiting.set(uri(file), list);
    });
  }

  async open(file: string, text: string = readFileSync(file, "utf8")): Promise<void> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(file), languageId: "flow", version: 1, text } });
  }

  /** Replaces the whole text (a full-document change). */
  async change(file: string, text: string): Promise<void> {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    this.texts.set(file, text);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  }

  /** Inserts `text` at `position` (an incremental change, as an editor sends per keystroke). */
  async insert(file: string, position: Position, text: string): Promise<void> {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    const current = this.text(file);
    const lines = current.split("\n");
    const offset = lines.slice(0, position.line).reduce((n, l) => n + l.length + 1, 0) + position.character;
    this.texts.set(file, current.slice(0, offset) + text + current.slice(offset));
    const range = { start: position, end: position };
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ range, text }] });
  }

  async close(file: string): Promise<void> {
    await this.connection.sendNotification("textDocument/didClose", { textDocument: { uri: uri(file) } });
  }

  text(file: string): string {
    return this.texts.get(file) ?? readFileSync(file, "utf8");
  }

  /** The position of the `nth` occurrence of `needle` in the file's current text, `delta` characters in. */
  position(file: string, needle: string, delta = 0, nth = 0): Position {
    return positionIn(this.text(file), needle, delta, nth);
  }

  request<T>(method: string, file: string, position: Position | undefined, extra: Record<string, unknown> = {}): Promise<T> {
    return this.connection.sendRequest(method, { textDocument: { uri: uri(file) }, ...(position ? { position } : {}), ...extra }) as Promise<T>;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    await new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once("exit", () => resolve())));
    this.connection.dispose();
  }
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

export function positionIn(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` (${nth}) not found`);
  }
  const before = text.slice(0, at + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - (before.lastIndexOf("\n") + 1) };
}

/** The range of the `nth` occurrence of `needle` (or of `name` inside it, when given). */
export function rangeIn(text: string, needle: string, nth = 0, name = needle) {
  const inner = needle.indexOf(name);
  const start = positionIn(text, needle, inner, nth);
  return { start, end: { line: start.line, character: start.character + name.length } };
}
