// Looks up declarations of a checked program by module and name.
import type { CallableDef, CallableRef, Declaration, Program } from "../plan/ir.ts";

export interface PlanIndex {
  readonly program: Program;
  callable(ref: CallableRef): CallableDef | undefined;
  /** Every worker, tool and flow, modules in program order, declarations in source order. */
  readonly callables: readonly { readonly module: string; readonly def: CallableDef }[];
}

export function callableKey(ref: { readonly module: string; readonly name: string }): string {
  return `${ref.module}#${ref.name}`;
}

function isCallable(d: Declaration): d is CallableDef {
  return d.kind === "worker" || d.kind === "tool" || d.kind === "flow";
}

export function indexProgram(program: Program): PlanIndex {
  const byKey = new Map<string, CallableDef>();
  const callables: { module: string; def: CallableDef }[] = [];
  for (const m of program.modules) {
    for (const d of m.decls) {
      if (!isCallable(d)) continue;
      byKey.set(callableKey({ module: m.file, name: d.name }), d);
      callables.push({ module: m.file, def: d });
    }
  }
  return {
    program,
    callable: (ref) => byKey.get(callableKey(ref)),
    callables,
  };
}
