// What a stabilized code worker's module calls instead of the sandbox's host
// functions (`flowc stabilize`, docs/code-workers.md): the same `llm` worker
// through the tool's context, so its requests are the ones the code worker
// made (and replay from the same recording), `llm_batch` as a bounded map,
// `print` going nowhere (no model reads it now) and `FINAL` keeping the answer.
import type { ModelSpec, ToolContext } from "../types.ts";
import { subCallWorker } from "./code-worker.ts";
import { batchItem } from "./host-functions.ts";

export interface StabilizedOptions {
  /** The tool's name, for errors. */
  readonly name: string;
  /** The model of the code worker's `llm()` calls, as the trace recorded it. */
  readonly model?: ModelSpec;
  readonly batchConcurrency: number;
}

export type BatchItem = { readonly prompt: string; readonly text?: string } | readonly [string, string?] | string;

export interface StabilizedHost {
  llm(prompt: string, text?: string): Promise<string>;
  llm_batch(items: readonly BatchItem[]): Promise<string[]>;
  print(...values: unknown[]): void;
  FINAL(value: unknown): void;
  /** The value given to FINAL; an error if the code never called it. */
  result<T>(): T;
}

export function stabilizedHost(ctx: ToolContext, options: StabilizedOptions): StabilizedHost {
  const llm = subCallWorker(options.model);
  let final: { readonly value: unknown } | undefined;
  return {
    llm: (prompt, text) => ctx.call(llm, { prompt, text: text ?? "" }),
    llm_batch: (items) => {
      const inputs = items.map((item, index) => batchItem(item, index));
      return ctx.map(inputs, { concurrency: options.batchConcurrency }, (input, itemCtx) => itemCtx.call(llm, input));
    },
    print: () => undefined,
    FINAL: (value) => {
      final = { value: value ?? null };
    },
    result: <T>() => {
      if (!final) throw new Error(`${options.name}: the stabilized code ended without calling FINAL`);
      return final.value as T;
    },
  };
}
