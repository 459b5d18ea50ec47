// The functions a code worker's cells call. Each sub-call goes through the
// runtime's one dispatch path from the current cell's context, so it gets a
// frame under the cell (`analyze/cell#2/llm`), usage, budgets, approvals,
// trace lines and replay like any other call. Every sub-call counts against
// the code worker's `maxSubCalls`; a batch is refused whole if it would not fit.
import { FlowcError } from "../errors.ts";
import type { AnyCallable, FlowContext, Worker } from "../types.ts";
import type { HostFunction } from "./sandbox.ts";

/** The sub-call limit of one code worker call is reached: no more sub-calls run (the cell gets this error). */
export class SubCallLimitError extends FlowcError {
  constructor(name: string, limit: number, wanted: number) {
    super(`code worker ${name} may make ${limit} sub-calls in all; this one needs ${wanted} more than are left`);
  }
}

export interface LlmInput {
  readonly prompt: string;
  readonly text: string;
}

export interface HostState {
  readonly name: string;
  readonly maxSubCalls: number;
  readonly batchConcurrency: number;
  subCalls: number;
  /** The context of the cell running now; host functions run only while a cell does. */
  cell: FlowContext | undefined;
  /** The last value given to FINAL in the current cell, if any. */
  final: { readonly value: unknown } | undefined;
}

/** Names a cell sees besides the callables it `uses`. */
export const BUILTIN_NAMES = ["llm", "llm_batch", "FINAL", "print", "console"] as const;

export function hostFunctions(state: HostState, llm: Worker<LlmInput, string>, callables: readonly AnyCallable[]): Record<string, HostFunction> {
  const functions: Record<string, HostFunction> = {
    llm: ([prompt, text]) => {
      const input = llmInput(prompt, text, "llm");
      take(state, 1);
      return cellOf(state).call(llm, input);
    },
    llm_batch: ([items]) => {
      if (!Array.isArray(items)) throw new TypeError("llm_batch takes an array of {prompt, text} items");
      const inputs = items.map((item: unknown, index) => batchItem(item, index));
      take(state, inputs.length);
      return cellOf(state).map(inputs, { concurrency: state.batchConcurrency }, (input, ctx) => ctx.call(llm, input));
    },
    FINAL: ([value]) => {
      state.final = { value: value ?? null };
      return undefined;
    },
  };
  for (const callable of callables) {
    functions[callable.name] = ([args]) => {
      take(state, 1);
      return cellOf(state).call(callable, args ?? {});
    };
  }
  return functions;
}

function take(state: HostState, count: number): void {
  if (state.subCalls + count > state.maxSubCalls) throw new SubCallLimitError(state.name, state.maxSubCalls, count);
  state.subCalls += count;
}

function cellOf(state: HostState): FlowContext {
  if (!state.cell) throw new Error("host functions can only be called while a cell runs");
  return state.cell;
}

function llmInput(prompt: unknown, text: unknown, where: string): LlmInput {
  if (typeof prompt !== "string") throw new TypeError(`${where}: the prompt must be a string, got ${prompt === null ? "null" : typeof prompt}`);
  if (text !== undefined && text !== null && typeof text !== "string") throw new TypeError(`${where}: the text must be a string, got ${typeof text}`);
  return { prompt, text: typeof text === "string" ? text : "" };
}

export function batchItem(item: unknown, index: number): LlmInput {
  const where = `llm_batch item ${index}`;
  if (typeof item === "string") return llmInput(item, "", where);
  if (Array.isArray(item)) return llmInput(item[0], item[1], where);
  if (item !== null && typeof item === "object") return llmInput((item as { prompt?: unknown }).prompt, (item as { text?: unknown }).text, where);
  throw new TypeError(`${where} must be {prompt, text}, got ${item === null ? "null" : typeof item}`);
}
