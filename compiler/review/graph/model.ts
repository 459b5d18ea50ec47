// A picture of a plan, independent of the drawing language: nodes grouped in
// clusters, and edges. Renderers (mermaid, dot) only translate this.

export type NodeShape = "terminal" | "step" | "call" | "fanout" | "decision" | "loop";
/** Styling classes: the kind of a call, and tools that need approval. */
export type NodeClass = "worker" | "tool" | "flow" | "approval" | "control";

export interface GraphNode {
  readonly kind: "node";
  readonly id: string;
  /** Lines of the label. */
  readonly lines: readonly string[];
  readonly shape: NodeShape;
  readonly classes: readonly NodeClass[];
}

export interface GraphCluster {
  readonly kind: "cluster";
  readonly id: string;
  readonly label: string;
  readonly items: readonly GraphItem[];
}

export type GraphItem = GraphNode | GraphCluster;

export type EdgeStyle = "flow" | "uses" | "loop";

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly style: EdgeStyle;
}

export interface Graph {
  readonly items: readonly GraphItem[];
  readonly edges: readonly GraphEdge[];
}

/** Hands out ids in creation order, so the same plan always draws the same text. */
export class GraphBuilder {
  private counter = 0;
  readonly edges: GraphEdge[] = [];
  private readonly stack: GraphItem[][] = [[]];

  nextId(prefix = "n"): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  /** `outside`: at the top level, outside every open cluster (shared nodes like delegates). */
  node(lines: readonly string[], shape: NodeShape, classes: readonly NodeClass[] = [], outside = false): string {
    const id = this.nextId();
    (outside ? this.stack[0]! : this.current()).push({ kind: "node", id, lines, shape, classes });
    return id;
  }

  cluster(label: string, fill: () => void, id = this.nextId("c")): string {
    this.stack.push([]);
    fill();
    const items = this.stack.pop()!;
    this.current().push({ kind: "cluster", id, label, items });
    return id;
  }

  edge(from: string, to: string, style: EdgeStyle = "flow", label?: string): void {
    if (!this.edges.some((e) => e.from === from && e.to === to && e.style === style && e.label === label)) {
      this.edges.push({ from, to, style, label });
    }
  }

  build(): Graph {
    return { items: this.stack[0]!, edges: this.edges };
  }

  private current(): GraphItem[] {
    return this.stack[this.stack.length - 1]!;
  }
}
