// Finding the flow to run in the checked plan, describing its signature, and whether it can reach a worker.
import type { CallableRef, Program, Stmt, WorkerDef } from "../compiler/plan/ir.ts";
import { forEachExpr, topExprs } from "../compiler/plan/walk.ts";
import { typeToString } from "../compiler/plan/type-text.ts";
import { UsageError } from "./output.ts";
import { displayPath } from "./paths.ts";

export type Found = { readonly kind: "worker" | "tool" | "flow"; readonly params: readonly { name: string; type: string }[] };

export function findDeclaration(program: Program, file: string, name: string, cwd: string): Found {
  const module = program.modules.find((m) => m.file === file);
  const callables = (module?.decls ?? []).filter((d) => d.kind === "flow" || d.kind === "worker" || d.kind === "tool");
  const decl = callables.find((d) => d.name === name);
  if (!decl || (decl.kind !== "flow" && decl.kind !== "worker" && decl.kind !== "tool")) {
    const flows = callables.filter((d) => d.kind === "flow").map((d) => d.name);
    const suggestion = closest(name, callables.map((d) => d.name));
    const shown = displayPath(file, cwd);
    throw new UsageError(
      `no flow named '${name}' in ${shown}${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`,
      flows.length > 0 ? `flows in ${shown}: ${flows.join(", ")}` : `${shown} declares no flow`,
    );
  }
  return { kind: decl.kind, params: decl.signature.params.map((p) => ({ name: p.name, type: typeToString(p.type) })) };
}

export function signatureOf(found: Found): string {
  if (found.params.length === 0) return "no parameters: pass --input '{}'";
  return `{ ${found.params.map((p) => `${p.name}: ${p.type}`).join(", ")} }`;
}

/** Edit distance, for "did you mean". */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** True when running `start` can call a worker (and so needs a model provider). */
export function reachesWorker(program: Program, start: CallableRef): boolean {
  const seen = new Set<string>();
  const visit = (ref: CallableRef): boolean => {
    const key = `${ref.module}\u0000${ref.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const decl = program.modules.find((m) => m.file === ref.module)?.decls.find((d) => d.name === ref.name);
    if (!decl) return ref.kind === "worker";
    if (decl.kind === "worker") return true;
    if (decl.kind !== "flow") return false;
    return stmtCallees(decl.body).some(visit);
  };
  return visit(start);
}

/** The workers running `start` can call, through flow bodies and workers' `uses` (for checks made before a run). */
export function reachableWorkers(program: Program, start: CallableRef): WorkerDef[] {
  const seen = new Set<string>();
  const workers: WorkerDef[] = [];
  const visit = (ref: CallableRef): void => {
    const key = `${ref.module}\u0000${ref.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const decl = program.modules.find((m) => m.file === ref.module)?.decls.find((d) => d.name === ref.name);
    if (decl?.kind === "worker") {
      workers.push(decl);
      decl.uses.forEach(visit);
    } else if (decl?.kind === "flow") {
      stmtCallees(decl.body).forEach(visit);
    }
  };
  visit(start);
  return workers;
}

/** The callables a flow body names, in source order (a reduce's function before its source's). */
function stmtCallees(stmts: readonly Stmt[]): CallableRef[] {
  const out: CallableRef[] = [];
  for (const top of topExprs(stmts)) {
    forEachExpr(top, (e) => {
      if (e.kind === "call") out.push(e.callee);
      else if (e.kind === "reduce") out.push(e.fn);
    });
  }
  return out;
}
