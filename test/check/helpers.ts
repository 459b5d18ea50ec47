// Writes small `.flow` programs to a temporary folder and checks them.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkProgram } from "../../compiler/check/index.ts";
import { renderDiagnostics } from "../../compiler/diagnostics/render.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import type { Expr, FlowDef, PlanModule, Stmt, WorkerDef } from "../../compiler/plan/ir.ts";
import { typeToString } from "../../compiler/check/types.ts";

export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "flowc-check-"));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

export function checkText(text: string, extra: Record<string, string> = {}) {
  const dir = project({ "main.flow": text, ...extra });
  const result = checkProgram(["main.flow"], dir);
  const main = result.program.modules.find((m) => m.file === path.join(dir, "main.flow"));
  return { ...result, dir, main: main as PlanModule };
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

export function flow(module: PlanModule, name: string): FlowDef {
  const d = module.decls.find((x) => x.kind === "flow" && x.name === name);
  if (d === undefined || d.kind !== "flow") throw new Error(`no flow ${name}`);
  return d;
}

export function worker(module: PlanModule, name: string): WorkerDef {
  const d = module.decls.find((x) => x.kind === "worker" && x.name === name);
  if (d === undefined || d.kind !== "worker") throw new Error(`no worker ${name}`);
  return d;
}

/** The `let`s of a flow body (nested blocks included), by name. */
export function lets(f: FlowDef): Map<string, Extract<Stmt, { kind: "let" }>> {
  const out = new Map<string, Extract<Stmt, { kind: "let" }>>();
  const walk = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "let") out.set(s.name, s);
      else if (s.kind === "if") {
        walk(s.then);
        walk(s.else ?? []);
      } else if (s.kind === "repeat") walk(s.body);
    }
  };
  walk(f.body);
  return out;
}

/** `name: type` of every `let` in the flow, as written in `.flow`. */
export function letTypes(f: FlowDef): Record<string, string> {
  return Object.fromEntries([...lets(f)].map(([name, s]) => [name, typeToString(s.value.type)]));
}

export function letValue(f: FlowDef, name: string): Expr {
  const s = lets(f).get(name);
  if (s === undefined) throw new Error(`no let ${name}`);
  return s.value;
}

/** The check fixtures: `NAME.flow` with `NAME.diagnostics.txt` beside it; `modules/` and `tools/` hold what they import. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/check");

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".flow"))
    .map((f) => f.slice(0, -".flow".length))
    .sort();
}

/** The rendered text diagnostics of one fixture: no color, paths relative to the fixtures folder. */
export function renderFixture(name: string): string {
  const { diagnostics, sources } = checkProgram([`${name}.flow`], FIXTURES);
  return renderDiagnostics(diagnostics, sources, { format: "text", color: false, cwd: FIXTURES });
}
