// The settings that bound a code worker, and their defaults. Every one of them
// is a hard limit the runtime enforces, not a hint in the prompt.
import { ConfigError } from "../errors.ts";
import { CODE_DEFAULTS } from "./defaults.ts";
export { CODE_DEFAULTS };

export interface CodeWorkerSettings {
  /** Model turns (each one code cell), repair turns included; default 12. */
  readonly maxTurns?: number;
  /** Sub-calls made from the sandbox per call of the code worker (`llm`, each batch item, each callable); default 64. */
  readonly maxSubCalls?: number;
  /** How many times the code worker may call itself, nested; default 1. */
  readonly maxDepth?: number;
  /** `llm_batch` items in flight at once; default 8. */
  readonly batchConcurrency?: number;
  /** Turns that answer a rejected FINAL value; default 2. */
  readonly repairTurns?: number;
  /** Heap of the sandbox; default 64 MiB. */
  readonly memoryLimitBytes?: number;
  /**
   * QuickJS's stack limit; default 16 KiB. Recursion is shallow in this
   * sandbox: the asyncify build also spends the host's stack on each nested
   * call (up to ~25 KB once V8 optimizes it), so around 35 levels the host's
   * stack may run out before this limit. Either way the cell stops with a
   * StackOverflowError; in the second case the sandbox is also reset.
   */
  readonly maxStackBytes?: number;
  /** Sandbox time per cell, not counting time spent waiting for sub-calls; default 2,000 ms. */
  readonly cellTimeMs?: number;
  /** Printed characters a cell sends back to the model; the rest is cut with a note; default 4,000. */
  readonly maxOutputChars?: number;
}

export type ResolvedCodeSettings = Required<CodeWorkerSettings>;


/** Fills in defaults; throws ConfigError on a setting that is not a positive integer (repairTurns and maxDepth may be 0). */
export function resolveCodeSettings(name: string, settings: CodeWorkerSettings = {}): ResolvedCodeSettings {
  const resolved = { ...CODE_DEFAULTS, ...settings };
  for (const key of Object.keys(CODE_DEFAULTS) as (keyof ResolvedCodeSettings)[]) {
    const value = resolved[key];
    const min = key === "repairTurns" || key === "maxDepth" ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new ConfigError(`code worker ${name}: setting ${key} must be an integer >= ${min}, got ${String(value)}`);
    }
  }
  return Object.freeze(resolved);
}
