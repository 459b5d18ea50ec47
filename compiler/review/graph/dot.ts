// Graph → Graphviz dot.
import type { EdgeStyle, Graph, GraphItem, NodeClass, NodeShape } from "./model.ts";

const SHAPES: Record<NodeShape, string> = {
  terminal: "shape=box, style=\"rounded,filled\"",
  step: "shape=box, style=filled",
  call: "shape=box, style=\"rounded,filled\"",
  fanout: "shape=box, peripheries=2, style=filled",
  decision: "shape=diamond, style=filled",
  loop: "shape=hexagon, style=filled",
};

const FILL: Record<NodeClass, string> = {
  worker: "#e8f0fe",
  tool: "#eaf6ea",
  flow: "#f3e8fd",
  approval: "#fdecea",
  control: "#f6f6f6",
};

const EDGE: Record<EdgeStyle, string> = { flow: "", uses: "style=dashed", loop: "style=dashed, constraint=false" };

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function items(list: readonly GraphItem[], indent: string, out: string[]): void {
  for (const item of list) {
    if (item.kind === "cluster") {
      out.push(`${indent}subgraph cluster_${item.id} {`, `${indent}  label=${quote(item.label)};`);
      items(item.items, `${indent}  `, out);
      out.push(`${indent}}`);
      continue;
    }
    const fill = FILL[item.classes.includes("approval") ? "approval" : (item.classes[0] ?? "control")];
    const border = item.classes.includes("approval") ? ", color=\"#c0392b\", penwidth=2" : "";
    out.push(`${indent}${item.id} [label=${quote(item.lines.join("\n"))}, ${SHAPES[item.shape]}, fillcolor="${fill}"${border}];`);
  }
}

export function toDot(graph: Graph, name = "plan"): string {
  const out = [`digraph ${quote(name)} {`, "  rankdir=TB;", "  node [fontname=\"Helvetica\", fontsize=11];", "  edge [fontname=\"Helvetica\", fontsize=10];"];
  items(graph.items, "  ", out);
  for (const e of graph.edges) {
    const attrs = [EDGE[e.style], e.label ? `label=${quote(e.label)}` : ""].filter(Boolean).join(", ");
    out.push(`  ${e.from} -> ${e.to}${attrs ? ` [${attrs}]` : ""};`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
