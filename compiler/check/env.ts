// Local scopes inside a flow (parameters, `let`s, map/filter binders) and a
// worker's `context:` (parameters only).
import type { Span } from "../../grammar/ast.ts";
import type { Type } from "../plan/ir.ts";

export interface Local {
  readonly name: string;
  /** Mutable: a `let x = []` learns its element type from the first assignment. */
  type: Type;
  readonly binding: "param" | "let" | "binder";
  readonly span: Span;
}

export class Env {
  private readonly vars = new Map<string, Local>();

  constructor(readonly parent?: Env) {}

  lookup(name: string): Local | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  define(local: Local): void {
    this.vars.set(local.name, local);
  }

  child(): Env {
    return new Env(this);
  }

  /** Every visible name, innermost first (for did-you-mean). */
  names(): string[] {
    const own = [...this.vars.keys()];
    return this.parent === undefined ? own : [...own, ...this.parent.names().filter((n) => !this.vars.has(n))];
  }
}
