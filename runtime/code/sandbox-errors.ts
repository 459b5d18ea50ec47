// What the model is told when a cell stops: QuickJS's own errors as they
// are (`ReferenceError: require is not defined`), and the sandbox's limits in
// words that say which limit it was and what to do instead.

export interface SandboxLimits {
  readonly memoryLimitBytes: number;
  readonly maxStackBytes: number;
  readonly cellTimeMs: number;
  readonly maxOutputChars: number;
}

export const STACK_OVERFLOW = "StackOverflowError: the cell recursed too deep and was stopped (write it as a loop)";

export function describeSandboxError(error: { readonly name: string; readonly message: string }, limits: SandboxLimits, code: string): string {
  if (error.name === "InternalError" && error.message === "interrupted") {
    return `TimeoutError: the cell ran for more than ${limits.cellTimeMs} ms of sandbox time and was stopped (an endless loop, or too much work for one cell)`;
  }
  if (error.name === "InternalError" && error.message === "out of memory") {
    return `MemoryError: the cell ran out of sandbox memory (${mib(limits.memoryLimitBytes)} MiB) and was stopped`;
  }
  if (error.name === "InternalError" && error.message.startsWith("stack overflow")) {
    return STACK_OVERFLOW;
  }
  if (error.name === "SyntaxError" && /\bawait\b/.test(code)) {
    return `SyntaxError: ${error.message} (a cell is a plain script: host functions return their results directly, so call them without await)`;
  }
  // A thrown value that is not an Error (`throw {code: 1}`) has no name: its JSON alone.
  return error.name === "" ? error.message : `${error.name}: ${error.message}`;
}

function mib(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
