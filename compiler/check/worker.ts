// Workers: settings (names, literal values), `{{path}}` templates against the
// parameters, `context:` over the parameters, `uses:` and the model.
import type { Setting, Span, StringLit, TemplateRef, WorkerDecl } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { CallableRef, CodeSettings, Expr as IrExpr, ModelRef, ParamDef, Template, Type, WorkerDef } from "../plan/ir.ts";
import { countProblem, numberLiteral, withDoc } from "./declarations.ts";
import { Env } from "./env.ts";
import { ExprChecker } from "./expr.ts";
import { BUILTIN_NAMES, didYouMean, listNames, suggest } from "./names.ts";
import { kindWithArticle, symbolKey, type ModuleInfo, type ProgramState } from "./program.ts";
import { T, typeToString } from "./types.ts";
import { H, help } from "../diagnostics/hints.ts";

export const WORKER_SETTINGS = [
  "model",
  "instructions",
  "context",
  "uses",
  "max_turns",
  "max_depth",
  "temperature",
  "retries",
  "answer",
  "max_sub_calls",
  "batch_concurrency",
] as const;

/** Settings only a code worker (`answer: code`) takes, and settings it does not take. */
const CODE_ONLY = ["max_sub_calls", "batch_concurrency"] as const;
const NOT_FOR_CODE = ["context", "temperature", "retries"] as const;

export function checkWorker(state: ProgramState, info: ModuleInfo, decl: WorkerDecl): WorkerDef {
  const key = symbolKey(info.file, decl.name.name);
  const resolved = state.callables.get(key);
  const signature = resolved !== undefined && resolved.decl === decl ? resolved.signature : { params: [], returns: T.error };
  const settings = new Map<string, Setting>();
  for (const s of decl.settings) {
    const name = s.name.name;
    if (!(WORKER_SETTINGS as readonly string[]).includes(name)) {
      state.report(
        diag(D.UnknownSetting, s.name.span, ["worker", name], {
          hint: didYouMean(name, WORKER_SETTINGS) ?? `worker settings are ${listNames([...WORKER_SETTINGS])}`,
        }),
      );
      continue;
    }
    const first = settings.get(name);
    if (first !== undefined) {
      state.report(diag(D.DuplicateName, s.name.span, ["setting", name], { related: [{ message: "first set here", span: first.name.span }] }));
      continue;
    }
    settings.set(name, s);
  }

  let instructions: Template = { text: "", paths: [] };
  const instructionsSetting = settings.get("instructions");
  if (instructionsSetting === undefined) {
    state.report(diag(D.MissingInstructions, decl.name.span, [decl.name.name]));
  } else if (instructionsSetting.value.kind !== "String") {
    state.report(diag(D.InstructionsNotLiteral, instructionsSetting.value.span));
  } else {
    instructions = checkTemplate(state, decl, signature.params, instructionsSetting.value);
  }

  const model = checkModelSetting(state, info, settings.get("model"));

  let context: IrExpr | undefined;
  const contextSetting = settings.get("context");
  if (contextSetting !== undefined) {
    const env = new Env();
    for (const p of signature.params) env.define({ name: p.name, type: p.type, binding: "param", span: p.span });
    context = new ExprChecker(state, info, { allowCalls: false }).value(contextSetting.value, env);
  }

  const uses = checkUses(state, info, key, settings.get("uses"));

  const positive = (name: string, allowZero = false): number | undefined => {
    const s = settings.get(name);
    if (s === undefined) return undefined;
    const v = s.value;
    const n = numberLiteral(v);
    if (n !== undefined && n.integer && Number.isSafeInteger(n.value) && (n.value > 0 || (allowZero && n.value === 0))) return n.value;
    const problem = countProblem(name, v, allowZero ? 0 : 1, name === "retries" ? 2 : 4);
    state.report(diag(D.InvalidSettingValue, v.span, [name, problem.what], { hint: problem.hint }));
    return undefined;
  };
  const maxTurns = positive("max_turns");
  const maxDepth = positive("max_depth");
  const retries = positive("retries", true);
  if (maxDepth !== undefined) state.depthLimited.add(key);
  const code = checkAnswer(state, settings, positive);

  let temperature: number | undefined;
  const t = settings.get("temperature");
  if (t !== undefined) {
    const n = numberLiteral(t.value);
    if (n !== undefined && n.value >= 0 && n.value <= 2) temperature = n.value;
    else state.report(diag(D.InvalidSettingValue, t.value.span, ["temperature", "a number from 0 to 2"], { hint: "write it like `temperature: 0.2`" }));
  }

  const def: { -readonly [K in keyof WorkerDef]: WorkerDef[K] } = {
    kind: "worker",
    name: decl.name.name,
    signature,
    instructions,
    uses,
    span: decl.span,
  };
  if (model !== undefined) def.model = model;
  if (context !== undefined) def.context = context;
  if (maxTurns !== undefined) def.maxTurns = maxTurns;
  if (maxDepth !== undefined) def.maxDepth = maxDepth;
  if (temperature !== undefined) def.temperature = temperature;
  if (retries !== undefined) def.retries = retries;
  if (code !== undefined) def.code = code;
  return withDoc(def, decl.doc?.text);
}

/** `answer: code` (or `text`, the default) and the settings that go with it. */
function checkAnswer(state: ProgramState, settings: ReadonlyMap<string, Setting>, positive: (name: string) => number | undefined): CodeSettings | undefined {
  const answer = settings.get("answer");
  const value = answer?.value;
  const kind = value?.kind === "Name" && (value.name.name === "code" || value.name.name === "text") ? value.name.name : undefined;
  if (value !== undefined && kind === undefined) {
    state.report(diag(D.InvalidSettingValue, value.span, ["answer", "`code` or `text`"], { hint: "write `answer: code` for a worker that answers by writing JavaScript" }));
  }
  if (kind !== "code") {
    for (const name of CODE_ONLY) {
      const s = settings.get(name);
      if (s !== undefined) state.report(diag(D.InvalidSettingValue, s.name.span, [name, "set only on a code worker"], { hint: "add `answer: code`" }));
    }
    return undefined;
  }
  for (const name of NOT_FOR_CODE) {
    const s = settings.get(name);
    if (s !== undefined) {
      state.report(
        diag(D.InvalidSettingValue, s.name.span, [name, "absent on a code worker"], {
          hint: name === "context" ? "a code worker's parameters are variables in its sandbox" : "a code worker sets it for its own turns",
        }),
      );
    }
  }
  const code: { -readonly [K in keyof CodeSettings]: CodeSettings[K] } = {};
  const maxSubCalls = positive("max_sub_calls");
  const batchConcurrency = positive("batch_concurrency");
  if (maxSubCalls !== undefined) code.maxSubCalls = maxSubCalls;
  if (batchConcurrency !== undefined) code.batchConcurrency = batchConcurrency;
  return code;
}

function checkModelSetting(state: ProgramState, info: ModuleInfo, setting: Setting | undefined): ModelRef | undefined {
  if (setting === undefined) return undefined;
  const v = setting.value;
  if (v.kind === "String") {
    if (v.value.trim() === "") {
      state.report(diag(D.InvalidSettingValue, v.span, ["model", "a declared model or a model id"], { hint: help(H.ProviderModelId, []) }));
      return undefined;
    }
    const sym = state.lookup(info, v.value);
    if (sym?.kind === "model") state.report(diag(D.QuotedModelName, v.span, [v.value]));
    return { kind: "inline", id: v.value };
  }
  if (v.kind !== "Name") {
    state.report(
      diag(D.InvalidSettingValue, v.span, ["model", "a declared model or a model id string"], {
        hint: "write `model: analyst` for a declared model or `model: \"gpt-4.1-mini\"`",
      }),
    );
    return undefined;
  }
  const name = v.name.name;
  const sym = state.lookup(info, name);
  if (sym === undefined) {
    if (info.poisoned.has(name)) return undefined;
    const models = state.namesOf(info, ["model"]);
    state.report(
      diag(D.UnknownModel, v.name.span, [name], {
        hint:
          didYouMean(name, models) ??
          (models.length > 0 ? `declared models: ${listNames(models)}` : `declare it: \`model ${name} = "model-id"\`, or write the model id as a string`),
      }),
    );
    return undefined;
  }
  if (sym.kind !== "model") {
    state.report(diag(D.NotAModel, v.name.span, [name, kindWithArticle(sym.kind)]));
    return undefined;
  }
  const decl = state.models.get(symbolKey(sym.module, sym.name));
  return { kind: "declared", name: sym.name, module: sym.module, id: decl?.id.value ?? "" };
}

function checkUses(state: ProgramState, info: ModuleInfo, owner: string, setting: Setting | undefined): CallableRef[] {
  if (setting === undefined) return [];
  const v = setting.value;
  if (v.kind !== "Array") {
    state.report(diag(D.UsesNotList, v.span));
    return [];
  }
  const out: CallableRef[] = [];
  const seen = new Map<string, Span>();
  for (const element of v.elements) {
    if (element.kind !== "Name") {
      state.report(
        diag(D.UsesNotList, element.span, [], {
          hint: element.kind === "String" ? `write the name without quotes: \`${element.value}\`` : undefined,
        }),
      );
      continue;
    }
    const name = element.name.name;
    const first = seen.get(name);
    if (first !== undefined) {
      state.report(diag(D.DuplicateName, element.span, ["`uses` entry", name], { related: [{ message: "first listed here", span: first }] }));
      continue;
    }
    seen.set(name, element.span);
    const sym = state.lookup(info, name);
    const callable = sym !== undefined ? state.callables.get(symbolKey(sym.module, sym.name)) : undefined;
    if (sym === undefined) {
      if (info.poisoned.has(name)) continue;
      if (BUILTIN_NAMES.has(name)) {
        state.report(diag(D.NotCallable, element.span, [name, "a built-in function"], { hint: "built-ins run in flows; a model can only use workers, tools and flows" }));
      } else {
        state.report(diag(D.UnknownName, element.span, [name], { hint: didYouMean(name, state.namesOf(info, ["worker", "tool", "flow"])) }));
      }
      continue;
    }
    if (callable === undefined) {
      state.report(diag(D.NotCallable, element.span, [name, kindWithArticle(sym.kind)]));
      continue;
    }
    out.push({ kind: callable.kind, name: sym.name, module: sym.module });
    state.edges.push({ from: owner, to: symbolKey(sym.module, sym.name), via: "uses", span: element.span });
  }
  return out;
}

/** Checks every `{{path}}` of the instructions against the parameters, walking records. */
function checkTemplate(state: ProgramState, decl: WorkerDecl, params: readonly ParamDef[], lit: StringLit): Template {
  const paths: string[][] = [];
  for (const ref of lit.templates) {
    paths.push([...ref.path]);
    checkPath(state, decl, params, ref);
  }
  return { text: lit.value, paths };
}

function checkPath(state: ProgramState, decl: WorkerDecl, params: readonly ParamDef[], ref: TemplateRef): void {
  const shown = ref.path.join(".");
  const report = (why: string, hint?: string): void => {
    state.report(diag(D.UnknownTemplatePath, ref.span, [shown, why], { hint }));
  };
  const head = ref.path[0];
  if (head === undefined) {
    report("the path is empty");
    return;
  }
  const param = params.find((p) => p.name === head);
  if (param === undefined) {
    const names = params.map((p) => p.name);
    const close = suggest(head, names);
    const suggestion = close === undefined ? undefined : `did you mean \`{{${close}}}\`?`;
    report(
      `\`${decl.name.name}\` has no parameter \`${head}\``,
      suggestion ?? (names.length > 0 ? `the parameters of \`${decl.name.name}\` are ${listNames(names)}` : `\`${decl.name.name}\` has no parameters`),
    );
    return;
  }
  let type: Type = param.type;
  for (let i = 1; i < ref.path.length; i++) {
    const segment = ref.path[i]!;
    const prefix = ref.path.slice(0, i).join(".");
    if (type.kind === "error" || type.kind === "json") return; // already reported / not checkable: `json` is free-form
    if (type.kind !== "record") {
      const hint = type.kind === "array" ? `\`{{${prefix}}}\` renders the whole list as JSON` : undefined;
      report(`\`${prefix}\` is \`${typeToString(type)}\`, which has no fields`, hint);
      return;
    }
    const fields = state.recordFields(type) ?? [];
    const field = fields.find((f) => f.name === segment);
    if (field === undefined) {
      const suggestion = suggest(segment, fields.map((f) => f.name));
      report(
        `\`${type.name}\` has no field \`${segment}\``,
        suggestion !== undefined
          ? `did you mean \`{{${prefix}.${suggestion}}}\`?`
          : `the fields of \`${type.name}\` are ${listNames(fields.map((f) => f.name))}`,
      );
      return;
    }
    type = field.type;
  }
}
