// Models, workers, tools and flows: each a `define*` call with its schemas,
// and for a flow the plan function and a typed entry point.
import type { FlowDef, ModelDef, ModelRef, ParamDef, Signature, ToolDef, WorkerDef, Expr } from "../plan/ir.ts";
import { containsCall } from "../plan/ir.ts";
import { destructure, ExprWriter, inputType, LocalScope, writeFlowBody } from "./flows.ts";
import type { ModuleScope } from "./imports.ts";
import { literal, memberAccess, numberLiteral, propertyKey, stringLiteral } from "./literals.ts";
import { safeIdent } from "./names.ts";
import { docOf } from "./schemas.ts";
import type { ConstShape, DefineShape, FlowShape } from "./shapes.ts";
import { tsType, zodObject, zodSchema } from "./types.ts";

type Props = readonly (readonly [key: string, value: string | undefined])[];

function present(props: Props): DefineShape["props"] {
  return props.flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as const]));
}

function docProp(doc: string | undefined): string | undefined {
  return docOf(doc) === undefined ? undefined : stringLiteral(doc!);
}

function optionalNumber(value: number | undefined): string | undefined {
  return value === undefined ? undefined : numberLiteral(value);
}

function modelSpec(alias: string, id: string, settings: ModelDef["settings"], module: ModuleScope): string {
  const entries = settings.map((s) => `${propertyKey(s.name)}: ${literal(s.value)}`);
  const settingsText = entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  return `${module.runtime("defineModel")}({ alias: ${stringLiteral(alias)}, id: ${stringLiteral(id)}, settings: ${settingsText} })`;
}

export function modelShape(model: ModelDef, module: ModuleScope): ConstShape {
  module.markInitialized(model.name);
  const initializer = modelSpec(model.name, model.id, model.settings, module);
  return { kind: "const", name: safeIdent(model.name), doc: docOf(model.doc), type: undefined, initializer };
}

/** The schemas and type arguments every callable starts with. */
function signatureParts(signature: Signature, module: ModuleScope) {
  const input = zodObject(
    signature.params.map((p) => ({ name: p.name, schema: zodSchema(p.type, module) })),
    module,
  );
  return {
    inputType: inputType(signature.params, module),
    outputType: tsType(signature.returns, module),
    input,
    output: zodSchema(signature.returns, module),
  };
}

/**
 * A worker's model. A declared model of this module that is declared further
 * down must be written first (its value is read when the worker is defined):
 * `hoist` does that.
 */
function modelValue(ref: ModelRef | undefined, module: ModuleScope, hoist: (name: string) => void): string | undefined {
  if (!ref) return undefined;
  if (ref.kind === "inline" || ref.name === undefined || ref.module === undefined) {
    return modelSpec(ref.id, ref.id, [], module);
  }
  if (ref.module === module.file && !module.isInitialized(ref.name)) hoist(ref.name);
  return module.ref(ref.name, ref.module);
}

/** `({ deck }) => deck.text`: the context expression over the parameters it uses. */
function contextFunction(
  context: Expr | undefined,
  params: readonly ParamDef[],
  module: ModuleScope,
): string | undefined {
  if (!context) return undefined;
  if (containsCall(context)) throw new Error("flowc emit: a worker's `context` cannot call a worker, tool or flow");
  const used = new Set<string>();
  collectParams(context, used);
  const scope = new LocalScope(module);
  const names = params.filter((p) => used.has(p.name)).map((p) => ({ param: p.name, local: scope.declare(p.name) }));
  const body = new ExprWriter(module).arrowBody(context, scope);
  return `(${names.length === 0 ? "" : destructure(names)}) => ${body}`;
}

function collectParams(e: Expr, into: Set<string>): void {
  switch (e.kind) {
    case "var":
      if (e.binding === "param") into.add(e.name);
      return;
    case "member":
      return collectParams(e.object, into);
    case "array":
      return e.elements.forEach((x) => collectParams(x, into));
    case "object":
      return e.entries.forEach((x) => collectParams(x.value, into));
    case "builtin":
      e.args.forEach((x) => collectParams(x, into));
      return e.options.forEach((x) => collectParams(x.value, into));
    case "binary":
      collectParams(e.left, into);
      return collectParams(e.right, into);
    case "unary":
      return collectParams(e.operand, into);
    case "map":
    case "filter":
      collectParams(e.source, into);
      return collectParams(e.body, into);
    case "call":
      return e.args.forEach((x) => collectParams(x.value, into));
    case "reduce":
      collectParams(e.source, into);
      return e.empty && collectParams(e.empty, into);
    default:
      return;
  }
}

export function workerShape(worker: WorkerDef, module: ModuleScope, hoistModel: (name: string) => void): DefineShape {
  const sig = signatureParts(worker.signature, module);
  const model = modelValue(worker.model, module, hoistModel);
  const uses =
    worker.uses.length === 0 ? undefined : `() => [${worker.uses.map((u) => module.ref(u.name, u.module)).join(", ")}]`;
  const props: Props = [
    ["name", stringLiteral(worker.name)],
    ["doc", docProp(worker.doc)],
    ["input", sig.input],
    ["output", sig.output],
    ["model", model],
    ["instructions", stringLiteral(worker.instructions.text)],
    ["context", contextFunction(worker.context, worker.signature.params, module)],
    ["uses", uses],
    ["maxTurns", optionalNumber(worker.maxTurns)],
    ["maxDepth", optionalNumber(worker.maxDepth)],
    ["temperature", optionalNumber(worker.temperature)],
    ["retries", optionalNumber(worker.retries)],
  ];
  const define = module.runtime("defineWorker");
  const type = `${module.runtime("Worker")}<${sig.inputType}, ${sig.outputType}>`;
  module.markInitialized(worker.name);
  // The declared type breaks the inference cycle of workers that use each other (or themselves).
  return { kind: "define", name: safeIdent(worker.name), doc: docOf(worker.doc), type, callee: define, props: present(props) };
}

/**
 * The tool module's export. A `needs approval` tool's module is imported only
 * once a call is approved (`loadImplementation`), so that a denied call never
 * runs its top-level code; other tools' modules are imported at the top.
 */
function implementationProp(tool: ToolDef, module: ModuleScope): readonly [string, string] {
  if (!tool.needsApproval) return ["implementation", memberAccess(module.toolModule(tool.implementation), tool.name)];
  const specifier = stringLiteral(module.specifierTo(tool.implementation));
  return ["loadImplementation", `() => ${dynamicImport(specifier)}.then((m) => ${memberAccess("m", tool.name)})`];
}

/**
 * The text of a dynamic import of `specifier` (a string literal). Built from
 * pieces: scripts/build-cli.mjs rejects any dynamic import written in the CLI
 * bundle's code (a classic script cannot run one), and would take a literal
 * one in this text for a call.
 */
export function dynamicImport(specifier: string): string {
  return ["import", "(", specifier, ")"].join("");
}

export function toolShape(tool: ToolDef, module: ModuleScope): DefineShape {
  const sig = signatureParts(tool.signature, module);
  const props: Props = [
    ["name", stringLiteral(tool.name)],
    ["doc", docProp(tool.doc)],
    ["input", sig.input],
    ["output", sig.output],
    implementationProp(tool, module),
    ["needsApproval", tool.needsApproval ? "true" : undefined],
  ];
  const define = module.runtime("defineTool");
  const type = `${module.runtime("Tool")}<${sig.inputType}, ${sig.outputType}>`;
  module.markInitialized(tool.name);
  return { kind: "define", name: safeIdent(tool.name), doc: docOf(tool.doc), type, callee: define, props: present(props) };
}

export function flowShape(flow: FlowDef, module: ModuleScope): FlowShape {
  const names = module.flowNames(flow.name);
  const sig = signatureParts(flow.signature, module);
  const props: Props = [
    ["name", stringLiteral(flow.name)],
    ["doc", docProp(flow.doc)],
    ["input", sig.input],
    ["output", sig.output],
    ["body", names.plan],
  ];
  const scope = new LocalScope(module);
  const params = flow.signature.params.map((p) => ({ param: p.name, local: scope.declare(p.name) }));
  const exprs = new ExprWriter(module);
  const parameters = [{ name: "ctx", type: module.runtime("FlowContext") }];
  if (params.length > 0) parameters.push({ name: destructure(params), type: names.input });
  const runOptions = module.runtime("RunOptions");
  const runFlow = module.runtime("runFlow");
  const define = module.runtime("defineFlow");
  const type = `${module.runtime("Flow")}<${names.input}, ${sig.outputType}>`;
  module.markInitialized(flow.name);
  return {
    kind: "flow",
    name: safeIdent(flow.name),
    flowName: flow.name,
    doc: docOf(flow.doc),
    names,
    inputType: sig.inputType,
    outputType: sig.outputType,
    define: { kind: "define", name: safeIdent(flow.name), doc: docOf(flow.doc), type, callee: define, props: present(props) },
    parameters,
    // Runs when the structures are printed: the body's names register then, in declaration order.
    body: (writer) => writeFlowBody(writer, flow, exprs, scope),
    runOptions,
    runFlow,
  };
}
