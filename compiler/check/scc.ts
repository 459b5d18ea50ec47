// Tarjan's strongly connected components, iterative (deep import chains must
// not overflow the stack). Components come out in a deterministic order, their
// members in the order of `nodes`. Used for delegation cycles (graph.ts) and
// import cycles (loader.ts): both only search for a cycle's path inside a
// component, which keeps them linear on long acyclic chains.
export function stronglyConnected(nodes: readonly string[], successors: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  const order = new Map(nodes.map((n, i) => [n, i]));
  let counter = 0;
  const enter = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    enter(root);
    const work: { node: string; next: readonly string[]; edge: number }[] = [{ node: root, next: successors(root), edge: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.edge < frame.next.length) {
        const next = frame.next[frame.edge++]!;
        if (!index.has(next)) {
          enter(next);
          work.push({ node: next, next: successors(next), edge: 0 });
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
        component.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
        result.push(component);
      }
    }
  }
  return result;
}
