// Builds the picture of flows and workers: statements in order, map fan-out,
// filter, reduce, branches and loops, calls with their kind and model, and
// `uses` delegation edges from every worker that is called.
import { containsCall, type CallableDef, type CallableRef, type Expr, type FlowDef, type Stmt } from "../../plan/ir.ts";
import type { CallBounds } from "../bounds/index.ts";
import { callableKey } from "../plan-index.ts";
import { clip, printExpr, printSignature } from "../print-plan.ts";
import { GraphBuilder, type Graph, type NodeClass } from "./model.ts";

type ExprOf<K extends Expr["kind"]> = Extract<Expr, { kind: K }>;
/** Where the next step attaches: node ids, with an edge label for branches. */
type Tails = readonly { readonly id: string; readonly label?: string }[];

export class PlanGraph {
  private readonly g = new GraphBuilder();
  /** Node of each delegate callable, shared by every `uses` edge to it. */
  private readonly delegateNodes = new Map<string, string>();
  private readonly breaks: { id: string }[][] = [];
  /** Every callable drawn so far (called or delegated to). */
  private readonly drawn = new Set<string>();

  constructor(private readonly bounds: CallBounds) {}

  addFlow(flow: FlowDef, module: string): void {
    const bound = this.bounds.of({ kind: "flow", name: flow.name, module }).text;
    this.g.cluster(`flow ${flow.name} · calls ≤ ${bound}`, () => {
      const start = this.g.node([printSignature(flow.name, flow.signature)], "terminal", ["control"]);
      this.stmts(flow.body, [{ id: start }]);
    }, `flow_${flow.name}`);
  }

  /** A worker or tool on its own (not called by a drawn flow, or `--flow` naming one). */
  addCallable(ref: CallableRef): void {
    this.delegateNode(ref);
  }

  isDrawn(ref: CallableRef): boolean {
    return this.drawn.has(callableKey(ref));
  }

  build(): Graph {
    return this.g.build();
  }

  private connect(tails: Tails, to: string): void {
    for (const t of tails) this.g.edge(t.id, to, "flow", t.label);
  }

  private stmts(stmts: readonly Stmt[], tails: Tails): Tails {
    return stmts.reduce<Tails>((acc, s) => this.stmt(s, acc), tails);
  }

  private stmt(s: Stmt, tails: Tails): Tails {
    const rules: { [K in Stmt["kind"]]: (s: Extract<Stmt, { kind: K }>) => Tails } = {
      let: (x) => this.statement(`let ${x.name} =`, x.value, tails),
      assign: (x) => this.statement(`${x.name} =`, x.value, tails),
      expr: (x) => this.statement("", x.expr, tails),
      return: (x) => {
        const after = x.value && containsCall(x.value) ? this.statement("return", x.value, tails) : tails;
        const end = this.g.node([x.value && !containsCall(x.value) ? clip(`return ${printExpr(x.value)}`) : "return"], "terminal", ["control"]);
        this.connect(after, end);
        return [];
      },
      break: () => {
        const id = this.g.node(["break"], "step", ["control"]);
        this.connect(tails, id);
        this.breaks.at(-1)?.push({ id });
        return [];
      },
      if: (x) => {
        const decision = this.g.node([clip(`if ${printExpr(x.condition)}`)], "decision", ["control"]);
        this.connect(tails, decision);
        const yes = this.stmts(x.then, [{ id: decision, label: "yes" }]);
        const no = x.else ? this.stmts(x.else, [{ id: decision, label: "no" }]) : [{ id: decision, label: "no" }];
        return [...yes, ...no];
      },
      repeat: (x) => {
        const head = this.g.node([`repeat (max: ${x.max})`], "loop", ["control"]);
        this.connect(tails, head);
        const breaks: { id: string }[] = [];
        this.breaks.push(breaks);
        const end = this.stmts(x.body, [{ id: head, label: "round" }]);
        this.breaks.pop();
        for (const t of end) this.g.edge(t.id, head, "loop", "next round");
        return [{ id: head, label: `after ${x.max} rounds` }, ...breaks];
      },
    };
    return (rules[s.kind] as (s: Stmt) => Tails)(s);
  }

  /** A statement: the calls in its expression in evaluation order, the last one labelled with `prefix`. */
  private statement(prefix: string, e: Expr, tails: Tails): Tails {
    if (isStep(e)) return this.effect(e, tails, prefix);
    const after = this.effectsIn(e, tails);
    const id = this.g.node([clip(`${prefix} ${printExpr(e)}`.trim())], "step");
    this.connect(after, id);
    return [{ id }];
  }

  /** The steps inside an expression that is not itself a step (arguments, operands), in order. */
  private effectsIn(e: Expr, tails: Tails): Tails {
    if (isStep(e)) return this.effect(e, tails, "");
    if (!containsCall(e)) return tails;
    return children(e).reduce<Tails>((acc, c) => this.effectsIn(c, acc), tails);
  }

  private effect(e: ExprOf<"call" | "map" | "filter" | "reduce">, tails: Tails, prefix: string): Tails {
    const label = (text: string) => clip(`${prefix} ${text}`.trim());
    switch (e.kind) {
      case "call": {
        const after = e.args.reduce<Tails>((acc, a) => this.effectsIn(a.value, acc), tails);
        const id = this.callNode(e.callee, label(printExpr(e)));
        this.connect(after, id);
        return [{ id }];
      }
      case "map":
      case "filter": {
        const after = this.effectsIn(e.source, tails);
        const concurrency = e.concurrency === undefined ? "" : ` · concurrency ${e.concurrency}`;
        const head = label(`${e.kind} ${e.binder} in ${printExpr(e.source)}`);
        const id = this.g.node([head, `fan-out: one per item${concurrency}`], "fanout", ["control"]);
        this.connect(after, id);
        if (!containsCall(e.body)) return [{ id, label: clip(e.kind === "filter" ? `keep if ${printExpr(e.body)}` : printExpr(e.body)) }];
        let end: Tails = [];
        this.g.cluster(`each ${e.binder}`, () => {
          end = e.kind === "filter" ? this.statement("keep if", e.body, [{ id }]) : this.statement("", e.body, [{ id }]);
        });
        return end;
      }
      case "reduce": {
        const after = this.effectsIn(e.source, tails);
        const how = e.fn.kind === "tool" ? "code" : `tree, batch ${e.batch ?? 8}`;
        const id = this.g.node([label(`reduce ${printExpr(e.source)} with ${e.fn.name}`), how], "fanout", ["control"]);
        this.connect(after, id);
        const fn = this.callNode(e.fn, `${e.fn.name}(${e.param}: batch)`);
        this.g.edge(id, fn, "flow", "per batch");
        return [{ id: fn }];
      }
    }
  }

  private callNode(ref: CallableRef, text: string): string {
    const def = this.bounds.index.callable(ref);
    const id = this.g.node([text, this.describeCallable(ref, def)], "call", classesOf(ref, def));
    this.drawn.add(callableKey(ref));
    this.usesEdges(id, def);
    return id;
  }

  private describeCallable(ref: CallableRef, def: CallableDef | undefined): string {
    const bound = this.bounds.of(ref).text;
    if (def?.kind === "tool") return def.needsApproval ? "tool · needs approval" : "tool";
    if (def?.kind === "worker") {
      const model = def.model ? (def.model.kind === "declared" ? `${def.model.name} = ${def.model.id}` : def.model.id) : "default model";
      return `worker · ${model} · calls ≤ ${bound}`;
    }
    return `${ref.kind} · calls ≤ ${bound}`;
  }

  private usesEdges(from: string, def: CallableDef | undefined): void {
    if (def?.kind !== "worker") return;
    for (const d of def.uses) this.g.edge(from, this.delegateNode(d), "uses", "uses");
  }

  private delegateNode(ref: CallableRef): string {
    const key = callableKey(ref);
    const known = this.delegateNodes.get(key);
    if (known) return known;
    const def = this.bounds.index.callable(ref);
    const id = this.g.node([def ? printSignature(ref.name, def.signature) : ref.name, this.describeCallable(ref, def)], "call", classesOf(ref, def), true);
    this.delegateNodes.set(key, id);
    this.drawn.add(key);
    this.usesEdges(id, def);
    return id;
  }
}

function classesOf(ref: CallableRef, def: CallableDef | undefined): NodeClass[] {
  return def?.kind === "tool" && def.needsApproval ? [ref.kind, "approval"] : [ref.kind];
}

function isStep(e: Expr): e is ExprOf<"call" | "map" | "filter" | "reduce"> {
  return e.kind === "call" || e.kind === "map" || e.kind === "filter" || e.kind === "reduce";
}

function children(e: Expr): Expr[] {
  const rules: { [K in Expr["kind"]]: (e: ExprOf<K>) => Expr[] } = {
    literal: () => [],
    var: () => [],
    "enum-member": () => [],
    array: (x) => [...x.elements],
    object: (x) => x.entries.map((en) => en.value),
    member: (x) => [x.object],
    call: (x) => x.args.map((a) => a.value),
    builtin: (x) => [...x.args, ...x.options.map((o) => o.value)],
    binary: (x) => [x.left, x.right],
    unary: (x) => [x.operand],
    map: (x) => [x.source, x.body],
    filter: (x) => [x.source, x.body],
    reduce: (x) => [x.source, ...(x.empty ? [x.empty] : [])],
  };
  return (rules[e.kind] as (e: Expr) => Expr[])(e);
}
