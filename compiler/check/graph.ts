// The delegation graph: workers -> their `uses`, flows -> what they call.
// A worker with `max_depth` bounds every cycle through it; any other cycle is
// an error: through a `uses` edge it is an unbounded delegation loop (FLW406),
// through calls only it is flow recursion (FLW407).
import { D, diag } from "../diagnostics/table.ts";
import { listNames } from "./names.ts";
import type { CallEdge, ProgramState } from "./program.ts";
import { symbolKey } from "./program.ts";
import { stronglyConnected } from "./scc.ts";

function nameOf(key: string): string {
  return key.slice(key.indexOf("\u0000") + 1);
}

export function checkCycles(state: ProgramState): void {
  // Nodes in program order, for deterministic reports.
  const nodes: string[] = [];
  for (const file of state.order) {
    const info = state.modules.get(file)!;
    for (const decl of info.ast.decls) {
      const key = symbolKey(file, decl.name.name);
      if (state.callables.get(key)?.decl === decl && !state.depthLimited.has(key)) nodes.push(key);
    }
  }
  const live = new Set(nodes);
  const out = new Map<string, CallEdge[]>();
  for (const e of state.edges) {
    if (!live.has(e.from) || !live.has(e.to)) continue;
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }

  const successors = (node: string): string[] => (out.get(node) ?? []).map((e) => e.to);
  for (const scc of stronglyConnected(nodes, successors)) {
    const members = new Set(scc);
    const inner = state.edges.filter((e) => members.has(e.from) && members.has(e.to) && live.has(e.from));
    if (inner.length === 0) continue; // a single node without a self edge
    // Close the cycle on a `uses` entry when there is one: that is where `max_depth` belongs.
    const closing = inner.find((e) => e.via === "uses") ?? inner[0]!;
    const path = pathBetween(closing.to, closing.from, members, out) ?? [closing.to, closing.from];
    const cycle = [...path, closing.to].map(nameOf).join(" → ");
    if (closing.via === "uses") {
      const workers = scc.filter((k) => state.callables.get(k)?.kind === "worker").map(nameOf);
      state.report(
        diag(D.UsesCycle, closing.span, [nameOf(closing.to), cycle], {
          hint: `add \`max_depth: N\` to ${workers.length === 1 ? `\`${workers[0]}\`` : `one of ${listNames(workers)}`} to bound the recursion`,
        }),
      );
    } else {
      state.report(diag(D.FlowRecursion, closing.span, [nameOf(closing.to), cycle]));
    }
  }
}

/** Shortest path of nodes from `from` to `to` inside `members` (both ends included). */
function pathBetween(from: string, to: string, members: ReadonlySet<string>, out: ReadonlyMap<string, CallEdge[]>): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) {
      const path: string[] = [];
      for (let at: string | null = current; at !== null; at = previous.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const e of out.get(current) ?? []) {
      if (members.has(e.to) && !previous.has(e.to)) {
        previous.set(e.to, current);
        queue.push(e.to);
      }
    }
  }
  return undefined;
}
