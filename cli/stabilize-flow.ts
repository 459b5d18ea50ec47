// `flowc stabilize`, step 2: the code worker's declaration in its `.flow`
// file: its types (as TypeScript, for the tool module), its model and batch
// concurrency (so the tool's llm() requests are the worker's), and the
// `tool` declaration that replaces it with the same signature.
import path from "node:path";
import { check } from "../compiler/index.ts";
import type { Declaration, ModelDef, PlanModule, Program, Type, WorkerDef } from "../compiler/plan/ir.ts";
import { tsType, type NamedType } from "../compiler/emit/types.ts";
import { CODE_DEFAULTS } from "../runtime/code/defaults.ts";
import { stabilizeError } from "./stabilize-trace.ts";

export interface WorkerDeclaration {
  readonly name: string;
  /** `{ document: string; question: string }` */
  readonly inputType: string;
  readonly params: readonly string[];
  readonly outputType: string;
  readonly model?: { readonly alias: string; readonly id: string; readonly settings: Readonly<Record<string, string | number | boolean>> };
  readonly batchConcurrency: number;
  /** `tool find_answer(document: string, question: string) -> string from "./tools/find_answer.ts"` */
  readonly toolDeclaration: string;
  /** The `.flow` text with the worker's declaration replaced by the tool's. */
  readonly editedSource: string;
}

export function readWorkerDeclaration(flowFile: string, worker: string, modulePath: string): WorkerDeclaration {
  const checked = check([flowFile]);
  if (!checked.ok) throw stabilizeError("FLS110", `${flowFile} does not check`, `run: flowc check ${flowFile}`);
  const file = path.resolve(flowFile);
  const module = checked.program.modules.find((m) => m.file === file);
  const decl = module?.decls.find((d): d is WorkerDef => d.kind === "worker" && d.name === worker);
  if (!module || !decl) throw stabilizeError("FLS111", `${flowFile} declares no worker ${worker}`, "give the .flow file that declares the code worker");
  if (!decl.code) throw stabilizeError("FLS103", `worker ${worker} in ${flowFile} is not a code worker (no \`answer: code\`)`);
  const source = checked.sources.get(file) ?? "";
  const names = inlineNames(checked.program);
  const start = decl.span.start.offset;
  const header = source.slice(start, source.indexOf("{", source.indexOf("->", start))).trimEnd();
  const toolDeclaration = `${header.replace(/^worker\b/, "tool")} from "${modulePath}"`;
  const model = modelOf(checked.program, decl);
  return {
    name: worker,
    inputType: `{ ${decl.signature.params.map((p) => `${p.name}: ${tsType(p.type, names)}`).join("; ")} }`,
    params: decl.signature.params.map((p) => p.name),
    outputType: tsType(decl.signature.returns, names),
    ...(model ? { model } : {}),
    batchConcurrency: decl.code.batchConcurrency ?? CODE_DEFAULTS.batchConcurrency,
    toolDeclaration,
    editedSource: source.slice(0, start) + toolDeclaration + source.slice(decl.span.end.offset),
  };
}

function modelOf(program: Program, worker: WorkerDef): WorkerDeclaration["model"] {
  const ref = worker.model;
  if (!ref) return undefined;
  if (ref.kind === "inline") return { alias: ref.id, id: ref.id, settings: {} };
  const def = declarationOf(program, ref.module, ref.name) as ModelDef | undefined;
  return { alias: ref.name ?? ref.id, id: ref.id, settings: Object.fromEntries((def?.settings ?? []).map((s) => [s.name, s.value])) };
}

function declarationOf(program: Program, module: string | undefined, name: string | undefined): Declaration | undefined {
  const owner: PlanModule | undefined = program.modules.find((m) => m.file === module);
  return owner?.decls.find((d) => d.name === name);
}

/** Records and enums written out in place: the tool module declares no types of its own. */
function inlineNames(program: Program) {
  const names = {
    json: () => "unknown",
    typeName: (ref: NamedType): string => {
      const def = declarationOf(program, ref.module, ref.name);
      if (def?.kind === "enum") return def.members.length === 1 ? JSON.stringify(def.members[0]!.name) : `(${def.members.map((m) => JSON.stringify(m.name)).join(" | ")})`;
      if (def?.kind === "record") return `{ ${def.fields.map((f) => `${f.name}${f.optional ? "?" : ""}: ${typeText(f.type)}`).join("; ")} }`;
      return "unknown";
    },
  };
  const typeText = (type: Type): string => tsType(type, names);
  return names;
}
