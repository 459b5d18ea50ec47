// `flowc graph`: the picture of one module's flows (or one callable) as mermaid or dot.
import type { FlowDef, PlanModule, Program } from "../../plan/ir.ts";
import { CallBounds } from "../bounds/index.ts";
import { PlanGraph } from "./build.ts";
import { toDot } from "./dot.ts";
import { toMermaid } from "./mermaid.ts";
import type { Graph } from "./model.ts";

export type GraphFormat = "mermaid" | "dot";
export const GRAPH_FORMATS: readonly GraphFormat[] = ["mermaid", "dot"];

export interface GraphOptions {
  /** Only this flow (or worker/tool); default every flow of the module, or its callables when it has no flows. */
  readonly flow?: string;
  readonly format?: GraphFormat;
}

export class GraphSelectionError extends Error {}

export function buildGraph(program: Program, module: PlanModule, options: GraphOptions = {}, bounds = new CallBounds(program)): Graph {
  const picture = new PlanGraph(bounds);
  const callables = module.decls.filter((d) => d.kind === "flow" || d.kind === "worker" || d.kind === "tool");
  if (options.flow !== undefined) {
    const chosen = callables.find((d) => d.name === options.flow);
    if (!chosen) {
      const names = callables.map((d) => d.name).join(", ") || "none";
      throw new GraphSelectionError(`no flow, worker or tool named '${options.flow}' in ${module.file} (declared: ${names})`);
    }
    if (chosen.kind === "flow") picture.addFlow(chosen, module.file);
    else picture.addCallable({ kind: chosen.kind, name: chosen.name, module: module.file });
    return picture.build();
  }
  const flows = callables.filter((d): d is FlowDef => d.kind === "flow");
  flows.forEach((f) => picture.addFlow(f, module.file));
  // Workers no flow calls (and, in a file without flows, tools too) are drawn on their own.
  for (const d of callables) {
    const ref = { kind: d.kind, name: d.name, module: module.file };
    if (d.kind === "flow" || (d.kind === "tool" && flows.length > 0) || picture.isDrawn(ref)) continue;
    picture.addCallable(ref);
  }
  return picture.build();
}

export function renderGraph(graph: Graph, format: GraphFormat = "mermaid"): string {
  const renderers: Record<GraphFormat, (g: Graph) => string> = { mermaid: toMermaid, dot: toDot };
  return renderers[format](graph);
}

/** The graph of one flow as mermaid, for diffs. */
export function flowMermaid(program: Program, module: string, flow: string, bounds?: CallBounds): string | undefined {
  const m = program.modules.find((x) => x.file === module);
  if (!m || !m.decls.some((d) => d.kind === "flow" && d.name === flow)) return undefined;
  return toMermaid(buildGraph(program, m, { flow }, bounds));
}
