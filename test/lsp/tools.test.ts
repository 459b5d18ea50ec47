// The tool check of `flowc check` in the editor: a tool whose TypeScript
// export does not match its declaration gets FLW451 at its `tool` line once
// tsc has run (on open), and it goes away when the `.flow` file changes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { LspClient, ROOT } from "./client.ts";

let dir: string;
let client: LspClient;
const flow = 'tool shout(text: string) -> string from "./shout.ts"\n\nflow main(text: string) -> string {\n  return shout(text)\n}\n';

beforeAll(async () => {
  mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  dir = mkdtempSync(path.join(ROOT, ".tmp", "lsp-tools-"));
  writeFileSync(path.join(dir, "app.flow"), flow);
  writeFileSync(path.join(dir, "shout.ts"), "export function shout(input: { text: string }): number {\n  return input.text.length;\n}\n");
  client = await LspClient.start({ root: dir, initializationOptions: { checkTools: true } });
});
afterAll(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Diagnostics published for `file` until one satisfies `done`. */
async function until(file: string, done: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  for (;;) {
    const next = await client.nextDiagnostics(file);
    if (done(next)) return next;
  }
}

test("FLW451 from tsc after open, at the tool's declaration; gone once the file changes", async () => {
  const file = path.join(dir, "app.flow");
  const found = until(file, (d) => d.length > 0);
  await client.open(file);
  const [problem, ...rest] = await found;
  expect(rest).toEqual([]);
  expect([problem!.code, problem!.range.start.line, problem!.severity]).toEqual(["FLW451", 0, 1]);
  expect(problem!.message).toBe(
    'tool `shout` in "./shout.ts" does not match its declaration: returns `number` but the declaration says `string`\n' +
      "help: the export should be `(input: { text: string }, ctx: ToolContext) => string | Promise<string>` (`ctx` may be left out)",
  );
  const cleared = client.nextDiagnostics(file);
  await client.change(file, flow.replace("flow main", "/// The entry.\nflow main"));
  expect(await cleared).toEqual([]);
});
