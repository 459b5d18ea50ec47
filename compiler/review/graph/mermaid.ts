// Graph → Mermaid `flowchart TD`, for GitHub markdown and PR comments.
import type { EdgeStyle, Graph, GraphItem, NodeClass, NodeShape } from "./model.ts";

const SHAPES: Record<NodeShape, readonly [string, string]> = {
  terminal: ["([", "])"],
  step: ["[", "]"],
  call: ["(", ")"],
  fanout: ["[[", "]]"],
  decision: ["{", "}"],
  loop: ["{{", "}}"],
};

const ARROWS: Record<EdgeStyle, string> = { flow: "-->", uses: "-.->", loop: "-.->" };

const CLASS_STYLES: Record<NodeClass, string> = {
  worker: "fill:#e8f0fe,stroke:#3b6db3",
  tool: "fill:#eaf6ea,stroke:#3c8a3c",
  flow: "fill:#f3e8fd,stroke:#7b45b3",
  approval: "fill:#fdecea,stroke:#c0392b,stroke-width:2px",
  control: "fill:#f6f6f6,stroke:#888",
};

/** Mermaid's quoted labels: `"` becomes `#quot;`, lines join with `<br/>`. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")).join("<br/>")}"`;
}

function items(list: readonly GraphItem[], indent: string, out: string[], classes: Map<NodeClass, string[]>): void {
  for (const item of list) {
    if (item.kind === "cluster") {
      out.push(`${indent}subgraph ${item.id}[${label([item.label])}]`);
      items(item.items, `${indent}  `, out, classes);
      out.push(`${indent}end`);
      continue;
    }
    const [open, close] = SHAPES[item.shape];
    out.push(`${indent}${item.id}${open}${label(item.lines)}${close}`);
    for (const c of item.classes) classes.set(c, [...(classes.get(c) ?? []), item.id]);
  }
}

export function toMermaid(graph: Graph): string {
  const out = ["flowchart TD"];
  const classes = new Map<NodeClass, string[]>();
  items(graph.items, "  ", out, classes);
  for (const e of graph.edges) {
    const arrow = ARROWS[e.style];
    out.push(`  ${e.from} ${arrow}${e.label ? `|${label([e.label])}|` : ""} ${e.to}`);
  }
  for (const [name, style] of Object.entries(CLASS_STYLES) as [NodeClass, string][]) {
    const ids = classes.get(name);
    if (!ids) continue;
    out.push(`  classDef ${name} ${style}`);
    out.push(`  class ${ids.join(",")} ${name}`);
  }
  return `${out.join("\n")}\n`;
}
