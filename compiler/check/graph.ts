// The delegation graph: workers -> their `uses`, flows -> what they call.
// A worker with `max_depth` bounds every cycle through it; any other cycle is
// an error: through a `uses` edge it is an unbounded delegation loop (FLW406),
// through calls only it is flow recursion (FLW407).
import { D, diag } from "../diagnostics/table.ts";
import { listNames } from "./names.ts";
import type { CallEdge, ProgramState } from "./program.ts";
import { symbolKey } from "./program.ts";

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

  for (const scc of stronglyConnected(nodes, out)) {
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

/** Tarjan's algorithm, iterative; components come out in a deterministic order. */
function stronglyConnected(nodes: readonly string[], out: ReadonlyMap<string, CallEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = out.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const next = edges[frame.edge]!.to;
        frame.edge++;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter);
          counter++;
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (;;) {
          const n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
          if (n === frame.node) break;
        }
        const order = new Map(nodes.map((n, i) => [n, i]));
        component.sort((a, b) => order.get(a)! - order.get(b)!);
        result.push(component);
      }
    }
  }
  return result;
}
